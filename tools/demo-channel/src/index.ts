/** Public entry point of @catfinder/demo-channel. */
export const PROJECT_NAME = 'demo-channel';
