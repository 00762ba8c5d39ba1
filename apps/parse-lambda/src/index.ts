/** Public entry point of @catfinder/parse-lambda. */
export const PROJECT_NAME = 'parse-lambda';
