/** Public entry point of @catfinder/prekog-lambda. */
export const PROJECT_NAME = 'prekog-lambda';
