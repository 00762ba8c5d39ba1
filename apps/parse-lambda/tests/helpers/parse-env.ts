/**
 * The environment every parse config needs besides the channel: table, bucket and prekog names (a
 * stand-in's names where a test talks to none). Tests add CHANNEL_ID, HLS_URL and what they vary.
 */
export const NAMES_ENV = {
  S3_BUCKET: 'catfinder-local',
  SEGMENTS_TABLE: 'cf-segments',
  FRAMES_TABLE: 'cf-frames',
  LABELS_TABLE: 'cf-labels',
  APPEARANCES_TABLE: 'cf-appearances',
  CLIPS_TABLE: 'cf-clips',
  PREKOG_FUNCTION_NAME: 'prekog',
} as const;
