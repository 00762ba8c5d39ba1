/**
 * The dashboard's extra feeds in one place, for the parse Lambda: health.json, all-labels.json,
 * and each channel's recent.json / celebrities.json. Built from the same clients and names as
 * `createStore` (the store does not expose its context).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { AllLabelsStore, allLabelsMinConfidenceFromEnv } from './all-labels';
import type { TableNames } from './config';
import { DEFAULT_TTL_HOURS } from './constants';
import type { StoreContext } from './context';
import { HealthRecorder } from './health-feed';
import { ObjectStore } from './objects';
import { RecentFeedStore } from './recent-feed';

export interface DashboardFeedsOptions {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tables: TableNames;
  readonly bucket: string;
  /** @default 72 */
  readonly ttlHours?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Labels at or above this confidence are listed. @default ALL_LABELS_MIN_CONFIDENCE, else 50 */
  readonly minConfidence?: number;
  /** The channel's live playlist, published in recent.json for the live player. */
  readonly playlistUrl?: string;
}

export interface DashboardFeeds {
  readonly health: HealthRecorder;
  readonly allLabels: AllLabelsStore;
  readonly recent: RecentFeedStore;
}

export function createDashboardFeeds(options: DashboardFeedsOptions): DashboardFeeds {
  const now = options.now ?? Date.now;
  const ctx: StoreContext = {
    ddb: options.dynamo,
    s3: options.s3,
    tables: options.tables,
    bucket: options.bucket,
    ttlHours: options.ttlHours ?? DEFAULT_TTL_HOURS,
    now,
  };
  const objects = new ObjectStore(ctx);
  const minConfidence = options.minConfidence ?? allLabelsMinConfidenceFromEnv();
  return {
    health: new HealthRecorder(ctx, objects),
    allLabels: new AllLabelsStore(ctx, objects, minConfidence),
    recent: new RecentFeedStore(objects, {
      now,
      minConfidence,
      ...(options.playlistUrl === undefined ? {} : { playlistUrl: options.playlistUrl }),
    }),
  };
}
