/**
 * The notice parse-lambda sends prekog-lambda (an asynchronous Lambda invoke) when an appearance
 * opens and when it closes, version 1. Apps may not import each other, so the contract between
 * the two handlers lives here, beside the appearances it describes: parse builds it, prekog
 * validates it field by field, and neither can drift from the other.
 */

import type { AppearanceCloseReason, FrameRef, SamplePoint } from './contracts';

/** @deprecated use FrameRef (kept for existing imports). */
export type NoticeFrameRef = FrameRef;
/** @deprecated use SamplePoint (kept for existing imports). */
export type NoticeSamplePoint = SamplePoint;

export interface AppearanceNotice {
  readonly version: 1;
  /** `opened`: record provisional bounds; `closed`: cut the clip. */
  readonly kind: 'opened' | 'closed';
  /** Same for every retry of the same notice, so prekog can drop repeats. */
  readonly idempotencyKey: string;
  readonly channel: string;
  readonly label: string;
  readonly appearanceId: string;
  readonly preRollSeconds: number;
  readonly postRollSeconds: number;
  readonly maxClipSeconds: number;
  readonly firstMatch: SamplePoint;
  readonly lastMatch: SamplePoint;
  /** Present on `closed` when a sample closed it. */
  readonly closedBy?: SamplePoint;
  readonly closeReason?: AppearanceCloseReason;
  readonly detectorCalls: number;
  readonly maxConfidence: number;
  /**
   * Timeline epoch of the appearance's segments (an appearance never spans two): a segment is
   * (channel, epoch, mediaSequence), so prekog cuts from that epoch's segments even where a later
   * epoch reused their numbers. @default 0
   */
  readonly epoch?: number;
}
