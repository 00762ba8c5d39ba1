/** Public entry point of @catfinder/store. */
export const PROJECT_NAME = 'store';
