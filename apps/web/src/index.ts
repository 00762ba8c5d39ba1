/** Public entry point of @catfinder/web. */
export const PROJECT_NAME = 'web';
