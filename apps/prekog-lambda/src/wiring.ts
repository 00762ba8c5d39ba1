/**
 * Builds prekog's dependencies: libs/store over the given SDK clients, the clipper of the
 * configuration (libs/delta: built-in by default) created on first use.
 */
import { createClipper, storeClipperStore, type BuiltinClipperOptions } from '@catfinder/delta';
import { createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import type { PrekogConfig } from './config';
import type { ClipMaker } from './ports';
import type { MetricsSink } from './metrics';
import type { LogSink, PrekogDeps } from './run-prekog';
import { createPrekogStore } from './store-adapter';

export interface PrekogClients {
  readonly ddb: ReturnType<typeof createDynamoClient>;
  readonly s3: ReturnType<typeof createS3Client>;
}

export interface PrekogWiringOptions {
  readonly clients: PrekogClients;
  readonly logger: LogSink;
  /** CloudWatch metrics (the Lambda handler passes Powertools'). @default none */
  readonly metrics?: MetricsSink;
  /** Extra options of the built-in clipper (e.g. a lossless cutter in tests, a work folder). */
  readonly builtin?: Omit<BuiltinClipperOptions, 'store' | 'maxClipSeconds'>;
  /** Replaces the clipper (tests). */
  readonly clipper?: () => Promise<ClipMaker>;
}

export function createPrekogClients(): PrekogClients {
  return { ddb: createDynamoClient(), s3: createS3Client() };
}

export function createStoreFor(config: PrekogConfig, clients: PrekogClients): Store {
  return createStore({
    tables: config.tables,
    bucket: config.bucket,
    ttlHours: config.ttlHours,
    dynamo: clients.ddb,
    s3: clients.s3,
  });
}

/** Everything `runPrekog` needs; create once per process and reuse across invocations. */
export function createPrekogDeps(config: PrekogConfig, options: PrekogWiringOptions): PrekogDeps {
  const store = createStoreFor(config, options.clients);
  let clipper: Promise<ClipMaker> | undefined;
  return {
    store: createPrekogStore(store),
    thumbnails: storeClipperStore(store),
    clipper:
      options.clipper ??
      (() =>
        (clipper ??= Promise.resolve(
          createClipper(config.clipper, {
            store: storeClipperStore(store),
            ...(options.builtin ? { builtin: options.builtin } : {}),
          }),
        ))),
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
}
