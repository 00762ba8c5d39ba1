/**
 * Builds the pipeline's dependencies from the configuration: libs/store over the SDK clients
 * (endpoints from AWS_ENDPOINT_URL_* as usual), the HLS follower resumed from the cursor, the
 * detector (loaded on first use), and the prekog invoker. Used by the Lambda handler and by
 * `runParseOnce` for local runs.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { FollowerState } from '@catfinder/hls';
import { createDashboardFeeds, createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import { createLocalDetector, createRekognitionDetector, type LabelDetector } from '@catfinder/vision';
import type { ParseConfig } from './config';
import { withFaceRecognition } from './faces-wiring';
import { createHlsSource } from './hls-source';
import type { Detector, LiveSource, ParseStore, PrekogInvoker } from './ports';
import { createPrekogInvoker } from './prekog-invoker';
import type { MetricsSink } from './metrics';
import type { LogSink, ParseDeps } from './run-parse';
import { createParseStore } from './store-adapter';
import { createDashboardSink } from './dashboard-sink';

/** Clients shared by every run of one process (module scope in the handler). */
export interface ParseClients {
  readonly ddb: ReturnType<typeof createDynamoClient>;
  readonly s3: ReturnType<typeof createS3Client>;
  readonly lambda: Pick<LambdaClient, 'send'>;
}

/** libs/store over the given clients. */
export function createStoreFor(
  config: Pick<ParseConfig, 'tables' | 'bucket' | 'ttlHours'>,
  clients: Pick<ParseClients, 'ddb' | 's3'>,
): Store {
  return createStore({
    tables: config.tables,
    bucket: config.bucket,
    ttlHours: config.ttlHours,
    dynamo: clients.ddb,
    s3: clients.s3,
  });
}

export function createParseStoreFor(config: ParseConfig, clients: Pick<ParseClients, 'ddb' | 's3'>): ParseStore {
  const store = createStoreFor(config, clients);
  return createParseStore({
    ...store,
    async publishFeeds(_channel, watched) {
      await store.feeds.publishLabels();
      for (const label of watched) await store.feeds.publishLabel(label);
    },
  });
}

/** The detector of the config, created once per process on first use. */
export function detectorLoader(
  config: Pick<ParseConfig, 'detector' | 'localDetectorThreads'>,
): () => Promise<Detector> {
  let loading: Promise<Detector> | undefined;
  return () =>
    (loading ??= (async () => {
      // The local model loads on its first call (once per process), never in a Rekognition run.
      const detector: LabelDetector =
        config.detector === 'local'
          ? createLocalDetector(
              config.localDetectorThreads === undefined ? {} : { threads: config.localDetectorThreads },
            )
          : createRekognitionDetector();
      return { detect: (image: Uint8Array) => detector.detectLabels(image) };
    })());
}

export interface WiringOptions {
  readonly clients: ParseClients;
  readonly logger: LogSink;
  /** Replaces the detector (tests inject faults through a wrapper). */
  readonly detector?: () => Promise<Detector>;
  /** Replaces the live source factory (tests inject faults through a wrapper). */
  readonly source?: (state: FollowerState | undefined) => LiveSource;
  readonly store?: ParseStore;
  /** CloudWatch metrics (the Lambda handler passes Powertools'). @default none */
  readonly metrics?: MetricsSink;
  /** Wraps the prekog invoker (tests record what was sent). */
  readonly wrapPrekog?: (invoker: PrekogInvoker) => PrekogInvoker;
  /**
   * The environment face recognition reads (FACES_DIR, RECOGNIZE_FACES: faceRecognizerFor); an
   * embedder running several configs in one process passes each its own. @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Everything `runParse` needs; create once per process and reuse across runs. */
export function createParseDeps(config: ParseConfig, options: WiringOptions): ParseDeps {
  return {
    openSource:
      options.source ??
      ((state) =>
        createHlsSource({
          url: config.hlsUrl,
          allowedHosts: config.allowedHosts,
          start: config.start,
          maxLagSeconds: config.maxLagSeconds,
          ...(config.variantMaxBandwidth === undefined ? {} : { variantMaxBandwidth: config.variantMaxBandwidth }),
          ...(state === undefined ? {} : { state }),
        })),
    store: options.store ?? createParseStoreFor(config, options.clients),
    detector: options.detector ?? withFaceRecognition(detectorLoader(config), config, options.clients, options.env),
    prekog: (options.wrapPrekog ?? ((i) => i))(createPrekogInvoker(options.clients.lambda, config.prekogFunctionName)),
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    // Only beside the real store: a test's injected store has no bucket for these feeds.
    ...(options.store
      ? {}
      : {
          dashboard: createDashboardSink(
            createDashboardFeeds({
              dynamo: options.clients.ddb,
              s3: options.clients.s3,
              tables: config.tables,
              bucket: config.bucket,
              ttlHours: config.ttlHours,
              playlistUrl: config.hlsUrl,
            }),
          ),
        }),
  };
}

/** SDK clients: the store's (timeouts, bounded retries) and a Lambda client with bounded retries. */
export function createParseClients(): ParseClients {
  return { ddb: createDynamoClient(), s3: createS3Client(), lambda: new LambdaClient({ maxAttempts: 3 }) };
}
