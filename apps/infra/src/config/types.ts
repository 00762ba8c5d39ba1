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
  /**
   * Recognise people on Person samples with Rekognition RecognizeCelebrities (RECOGNIZE_FACES=on;
   * false: off, and the action is not granted). Only Rekognition channels can: a local channel's
   * named-faces gallery is not deployed. @default true for rekognition, false for local
   */
  readonly recognizeFaces: boolean;
  /** parse memory (MB). @default 1024 (rekognition) / 2048 (local) */
  readonly parseMemoryMb?: number;
  /** Extra pipeline variables from CONTRACTS.md (CUT_THRESHOLD, SAMPLE_INTERVAL, …). @default {} */
  readonly env: Readonly<Record<string, string>>;
  /**
   * EventBridge `cron(...)` expressions of the window(s) the channel runs in (parse fires every
   * minute inside them). @default always on: `rate(1 minute)`
   */
  readonly schedule?: readonly string[];
  /** Maximum detector calls per minute (DETECTOR_BUDGET_PER_MINUTE); samples over it are skipped and counted. @default no budget */
  readonly detectorBudgetPerMinute?: number;
  /** Reserved concurrency of parse (needs account headroom: AWS keeps 10 unreserved). @default none */
  readonly parseReservedConcurrency?: number;
  /** Alarm when lag behind live stays over this many seconds. @default 120 */
  readonly maxLagSeconds: number;
  /** Name of an SSM SecureString holding the Delta API key; only prekog may read it. @default none */
  readonly deltaApiKeyParameter?: string;
}

/** The whole deploy configuration. */
export interface CatFinderConfig {
  readonly channels: readonly ChannelConfig[];
  /** Days before `samples/` and `segments/` objects expire. @default 3 */
  readonly derivedObjectDays: number;
  /** Hours before derived DynamoDB items expire (TTL_HOURS). @default 72 */
  readonly ttlHours: number;
  /** E-mail address subscribed to the alarm topic (confirm the e-mail AWS sends). @default none */
  readonly alarmEmail?: string;
}
