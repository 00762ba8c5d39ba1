/** Public entry point of @catfinder/hls. */
export const PROJECT_NAME = 'hls';
