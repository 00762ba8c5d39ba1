/** Public entry point of @catfinder/store. */
export const PROJECT_NAME = 'store';
export * from './errors';
export * from './constants';
export * from './schema';
export * from './config';
export * from './keys';
export * from './frame-label';
export * from './clients';
export * from './ensure';
export type { Page, PageOptions } from './context';
export * from './segments';
export * from './frames';
export * from './labels';
export * from './appearances';
export * from './clips';
export * from './objects';
export * from './feeds';
export * from './store';
