/** Public entry point of @catfinder/vision. */
export const PROJECT_NAME = 'vision';
