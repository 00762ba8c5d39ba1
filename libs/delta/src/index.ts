/** Public entry point of @catfinder/delta. */
export const PROJECT_NAME = 'delta';
