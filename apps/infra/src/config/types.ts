/** Shapes of the deploy configuration (apps/infra/channels.json or `-c channelsFile=…`). */

/** Label detector of a channel. */
export type Detector = 'rekognition' | 'local';

/** One watched live channel. */
export interface ChannelConfig {
  /** Channel id: lowercase letters, digits and dashes; used in S3 keys and resource ids. */
  readonly id: string;
  /** Master or media playlist URL (HLS_URL). */
  readonly hlsUrl: string;
  /** Watched labels in LABELS syntax, e.g. `Cat:60,Person:70:1:1`. @default 'Cat' */
  readonly labels: string;
  /** Label detector. @default 'rekognition' */
  readonly detector: Detector;
  /** parse memory (MB). @default 1024 (rekognition) / 2048 (local) */
  readonly parseMemoryMb?: number;
  /** Extra pipeline variables from CONTRACTS.md (CUT_THRESHOLD, SAMPLE_INTERVAL, …). @default {} */
  readonly env: Readonly<Record<string, string>>;
}

/** The whole deploy configuration. */
export interface CatFinderConfig {
  readonly channels: readonly ChannelConfig[];
  /** Days before `samples/` and `segments/` objects expire. @default 3 */
  readonly derivedObjectDays: number;
  /** Hours before derived DynamoDB items expire (TTL_HOURS). @default 72 */
  readonly ttlHours: number;
}
