/** Public entry point of @catfinder/demo-channel: a live HLS origin made with ffmpeg from fixture images. */
export { startDemoChannel } from './channel';
export { cachedProgram, checkSize, programArgs } from './program';
export { buildSchedule, frameTime, sceneOccurrences, visibleIntervals } from './schedule';
export { DEFAULT_SCENES, DEFAULT_SIZE, FIXTURE_IMAGES_DIR, FPS, HEIGHT, TEST_PATTERN, WIDTH } from './constants';
export * from './errors';
export { FaultyOrigin, splitPlaylist } from './faults';
export { DEMO_FACES_DIR, SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, SHOWCASE_PROGRAMME } from './short-programme';
export type * from './types';
