/** Public entry point of @catfinder/scan: scan a recorded file or a finished playlist, and score it. */
export { scan, summaryLine, isPlaylistUrl, type ScanOutcome, type ScanRequest } from './scan';
export { runScan, OUTPUT_FILES, type RunScanOptions, type ScanProgress } from './pipeline';
export { openFileSource, type FileSourceOptions } from './sources/file-source';
export { openPlaylistSource, type PlaylistSourceOptions } from './sources/playlist-source';
export { probeFile, parseProbe, checkProbe, type MediaProbe } from './probe';
export { readScanSettings, channelFor, defaultOutDir, type ScanSettings } from './settings';
export { readTruth, checkTruth, scoreClips, formatScore, type Truth, type ScanScore, type ClipSpan } from './truth';
export { buildEdl, buildChapters, timecode } from './outputs/editor-exports';
export { parseCli } from './cli-args';
export { checkOutDir, prepareOutDir } from './out-dir';
export { checkInputScheme } from './input-kind';
export { reportLines } from './report';
export * from './errors';
export type * from './types';
export { serveResult, DASHBOARD_DIST, SCAN_DASHBOARD_CONFIG, type ResultServer } from './serve';
