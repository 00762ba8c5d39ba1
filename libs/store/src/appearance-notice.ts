/**
 * The notice parse-lambda sends prekog-lambda (an asynchronous Lambda invoke) when an appearance
 * opens and when it closes, version 1. Apps may not import each other, so the contract between
 * the two handlers lives here, beside the appearances it describes: parse builds it, prekog
 * validates it field by field, and neither can drift from the other.
 */

/** A frame: media sequence of its segment and its index in presentation order. */
export interface NoticeFrameRef {
  readonly mediaSequence: number;
  readonly index: number;
}

/** A sample of the appearance: its frame and the frame's absolute time (epoch ms). */
export interface NoticeSamplePoint {
  readonly frame: NoticeFrameRef;
  readonly time: number;
}

/** Why an appearance closed. */
export type AppearanceCloseReason = 'exit-samples' | 'cut' | 'max-length' | 'gap' | 'reset';

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
  readonly firstMatch: NoticeSamplePoint;
  readonly lastMatch: NoticeSamplePoint;
  /** Present on `closed` when a sample closed it. */
  readonly closedBy?: NoticeSamplePoint;
  readonly closeReason?: AppearanceCloseReason;
  readonly detectorCalls: number;
  readonly maxConfidence: number;
}
