import { fileURLToPath } from 'node:url';
import type { SceneSpec } from './types';

/** Folder holding the fixture images shipped with this tool. */
export const FIXTURE_IMAGES_DIR = fileURLToPath(new URL('../fixtures/images/', import.meta.url));

/** Default output picture size and the rate (the issue fixes 640x360 at 30 fps; `size` changes the size). */
export const WIDTH = 640;
export const HEIGHT = 360;
export const FPS = 30;
export const DEFAULT_SIZE = { width: WIDTH, height: HEIGHT } as const;
/** Bounds of the `size` option: from a thumbnail to 4K UHD (the render is bounded by RENDER_TIMEOUT_MS). */
export const MIN_SIZE = { width: 128, height: 72 } as const;
export const MAX_SIZE = { width: 3840, height: 2160 } as const;

/** Image scenes are letter-boxed onto a canvas this many times the output size before zoompan, so the zoom is smooth. */
export const CANVAS_SCALE = 2;
/** Zoom grows by this much per frame, capped at MAX_ZOOM: slow motion that stays far below a cut's scene score. */
export const ZOOM_PER_FRAME = 0.0015;
export const MAX_ZOOM = 1.3;

/** Special scene image value: ffmpeg's `testsrc2` pattern instead of a picture. */
export const TEST_PATTERN = 'testpattern';

export const DEFAULT_PORT = 0;
export const DEFAULT_SEGMENT_SECONDS = 2;
export const DEFAULT_WINDOW_SEGMENTS = 6;
export const DEFAULT_AUDIO = false;
export const DEFAULT_HOST = '127.0.0.1';
/** How long to wait for ffmpeg's first playlist before giving up. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Pre-rendering a program is bounded too (2 cores shared by many). */
export const RENDER_TIMEOUT_MS = 180_000;

export const MASTER_PLAYLIST = 'master.m3u8';
export const MEDIA_PLAYLIST = 'media.m3u8';
export const SEGMENT_PATTERN = 'seg_%d.ts';
/** fMP4 (CMAF) output: fragments and the init section every media playlist names in `#EXT-X-MAP`. */
export const FMP4_SEGMENT_PATTERN = 'seg_%d.m4s';
export const FMP4_INIT_SEGMENT = 'init.mp4';
/** Segment container published unless asked otherwise. */
export const DEFAULT_CONTAINER = 'ts';

/**
 * Default program (24 s, loops). The cat starts at 7.5 s — in the middle of a 2 s segment — and
 * ends at 14.0 s, on a segment boundary, so consumers see both kinds of scene edge.
 */
export const DEFAULT_SCENES: readonly SceneSpec[] = [
  { name: 'testpattern', image: TEST_PATTERN, seconds: 3 },
  { name: 'astronaut', image: 'astronaut.png', seconds: 4.5 },
  { name: 'cat', image: 'chelsea.png', seconds: 6.5 },
  { name: 'coffee', image: 'coffee.png', seconds: 5 },
  { name: 'rocket', image: 'rocket.jpg', seconds: 5 },
];
