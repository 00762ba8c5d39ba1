/** Public entry point of @catfinder/media. */
export const PROJECT_NAME = 'media';
