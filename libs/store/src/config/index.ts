/** Configuration: the shared EnvReader and libs/store's own variables. */
export * from './env-reader';
export * from './store-env';
export { bucketFromEnv, tableEnv, tableNamesFromEnv, tableNamesWithPrefix, type TableNames } from './tables';
