/** Public entry point of @catfinder/local-stack. */
export const PROJECT_NAME = 'local-stack';
