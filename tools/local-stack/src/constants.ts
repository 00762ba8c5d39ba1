/** Defaults of the local stack; every one can be changed from the command line. */
export const DEFAULT_PORT = 4600;
export const DEFAULT_DATA_DIR = '.catfinder';
export const DEFAULT_CHANNEL_ID = 'demo';
export const DEFAULT_LABEL = 'Cat';
/** Like the EventBridge rule of the AWS stack. */
export const DEFAULT_SCHEDULE_SECONDS = 60;
export const PARSE_FUNCTION = 'catfinder-parse';
export const PREKOG_FUNCTION = 'catfinder-prekog';
/** Time a `--hls-url` has to answer at start-up. */
export const HLS_CHECK_TIMEOUT_MS = 5_000;
/** Time a prekog invocation may take (a clip cut), as its Lambda timeout. */
export const PREKOG_TIMEOUT_MS = 120_000;
/** Table prefix and bucket of the stand-ins (the data folder's tables keep these names across starts). */
export const STAND_IN_NAME = 'catfinder';
