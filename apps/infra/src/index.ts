/** Public entry point of @catfinder/infra. */
export const PROJECT_NAME = 'infra';
