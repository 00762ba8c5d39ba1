/**
 * Table designs as plain data — the single source of truth for both `ensureTables()` (local
 * stand-ins) and the CDK stack in apps/infra. Changing a key or index name here replaces the
 * table on AWS, so treat these as stable.
 *
 * Every table uses string keys `pk` / `sk` (or `pk` only) so item layouts can evolve without
 * table replacement. See README.md for the key layouts and access paths.
 */

/** DynamoDB scalar key type. */
export type KeyType = 'S' | 'N';

/** One key attribute. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** Which attributes an index copies. */
export type IndexProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };

/** A global secondary index (own partition key; eventually consistent). */
export interface GlobalIndexDesign {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projection: IndexProjection;
}

/** A local secondary index (same partition key as the table; supports consistent reads). */
export interface LocalIndexDesign {
  readonly indexName: string;
  readonly sortKey: KeyAttribute;
  readonly projection: IndexProjection;
}

/** Logical table names. */
export type TableName = 'segments' | 'frames' | 'labels' | 'appearances' | 'clips';

/** One table's design. */
export interface TableDesign {
  readonly logicalName: TableName;
  /** Environment variable holding the physical table name (same name locally and on AWS). */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly GlobalIndexDesign[];
  readonly localSecondaryIndexes: readonly LocalIndexDesign[];
  /** Attribute holding the expiry (epoch seconds) for DynamoDB TTL; absent = items are kept. */
  readonly ttlAttribute?: string;
  /** Billing suggestion for the stack. */
  readonly billingMode: 'PAY_PER_REQUEST';
  /** One line on what the table holds. */
  readonly description: string;
}

/** The TTL attribute name used by every table that expires items. */
export const TTL_ATTRIBUTE = 'expiresAt';

const PK: KeyAttribute = { name: 'pk', type: 'S' };
const SK: KeyAttribute = { name: 'sk', type: 'S' };
const ALL: IndexProjection = { type: 'ALL' };

/** Index names, exported so queries and the stack agree. */
export const INDEX = {
  /** segments LSI: a channel's segments ordered by absolute start time (ms). */
  segmentsByStart: 'byStart',
  /** frames LSI (sparse: only cut samples carry `cutSk`): cuts of a channel ordered by time. */
  framesCuts: 'cuts',
  /** labels GSI: every channel's label summaries, newest `lastSeen` first. */
  labelsByLastSeen: 'byLastSeen',
  /** appearances GSI: appearances of one label across channels, ordered by start. */
  appearancesByLabel: 'byLabel',
  /** clips GSI: clips of one channel, by creation time. */
  clipsByChannel: 'byChannel',
  /** clips GSI: clips of one label, by creation time. */
  clipsByLabel: 'byLabel',
  /** clips GSI: all clips, by creation time (feed). */
  clipsByCreated: 'byCreated',
} as const;

/** All table designs, keyed by logical name. */
export const TABLES: { readonly [K in TableName]: TableDesign & { readonly logicalName: K } } = {
  segments: {
    logicalName: 'segments',
    envVar: 'SEGMENTS_TABLE',
    partitionKey: PK, // channel
    sortKey: SK, // "SEG#<mediaSequence, 15 digits>" | "CURSOR"
    globalSecondaryIndexes: [],
    localSecondaryIndexes: [
      { indexName: INDEX.segmentsByStart, sortKey: { name: 'startTime', type: 'N' }, projection: ALL },
    ],
    ttlAttribute: TTL_ATTRIBUTE,
    billingMode: 'PAY_PER_REQUEST',
    description:
      'Segment claims (lease, status, start, duration, archive key, timeline) and one cursor item per channel.',
  },
  frames: {
    logicalName: 'frames',
    envVar: 'FRAMES_TABLE',
    partitionKey: PK, // channel
    sortKey: SK, // "<timeMs, 15 digits>#<mediaSequence, 15>#<index, 6>"
    globalSecondaryIndexes: [],
    localSecondaryIndexes: [{ indexName: INDEX.framesCuts, sortKey: { name: 'cutSk', type: 'S' }, projection: ALL }],
    ttlAttribute: TTL_ATTRIBUTE,
    billingMode: 'PAY_PER_REQUEST',
    description: 'One item per sample (cut or periodic): scene score, cut flag, image key, observation.',
  },
  labels: {
    logicalName: 'labels',
    envVar: 'LABELS_TABLE',
    partitionKey: PK, // channel
    sortKey: SK, // label name
    globalSecondaryIndexes: [
      {
        indexName: INDEX.labelsByLastSeen,
        partitionKey: { name: 'feedPk', type: 'S' }, // constant "labels"
        sortKey: { name: 'lastSeen', type: 'N' },
        projection: ALL,
      },
    ],
    localSecondaryIndexes: [],
    ttlAttribute: TTL_ATTRIBUTE,
    billingMode: 'PAY_PER_REQUEST',
    description: 'Label summary per channel and label: count, last seen, thumbnail key.',
  },
  appearances: {
    logicalName: 'appearances',
    envVar: 'APPEARANCES_TABLE',
    partitionKey: PK, // "<channel>#<label>"
    sortKey: SK, // "A#<appearanceId>" (ids sort by start time) | "OPEN" (the open-appearance pointer)
    globalSecondaryIndexes: [
      {
        indexName: INDEX.appearancesByLabel,
        partitionKey: { name: 'label', type: 'S' },
        sortKey: { name: 'startSk', type: 'S' }, // appearance id
        projection: ALL,
      },
    ],
    localSecondaryIndexes: [],
    ttlAttribute: TTL_ATTRIBUTE,
    billingMode: 'PAY_PER_REQUEST',
    description: 'Appearances (open/closed) per channel and trigger, with their samples, plus the open pointer.',
  },
  clips: {
    logicalName: 'clips',
    envVar: 'CLIPS_TABLE',
    partitionKey: PK, // clip id
    globalSecondaryIndexes: [
      {
        indexName: INDEX.clipsByChannel,
        partitionKey: { name: 'channel', type: 'S' },
        sortKey: { name: 'createdSk', type: 'S' },
        projection: ALL,
      },
      {
        indexName: INDEX.clipsByLabel,
        partitionKey: { name: 'label', type: 'S' },
        sortKey: { name: 'createdSk', type: 'S' },
        projection: ALL,
      },
      {
        indexName: INDEX.clipsByCreated,
        partitionKey: { name: 'feedPk', type: 'S' },
        sortKey: { name: 'createdSk', type: 'S' },
        projection: ALL,
      },
    ],
    localSecondaryIndexes: [],
    billingMode: 'PAY_PER_REQUEST',
    description: 'Clip records (pending → cutting → ready | failed); kept (no TTL).',
  },
};

/** Table designs as a list, in a stable order. */
export const TABLE_LIST: readonly TableDesign[] = [
  TABLES.segments,
  TABLES.frames,
  TABLES.labels,
  TABLES.appearances,
  TABLES.clips,
];

/** Environment variable holding the bucket name. */
export const BUCKET_ENV_VAR = 'S3_BUCKET';
