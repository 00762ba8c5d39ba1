/** Public entry point of @catfinder/store. */
export const PROJECT_NAME = 'store';
export * from './errors';
export * from './constants';
export * from './schema';
export * from './config';
export * from './keys';
export * from './clients';
export * from './ensure';
