import { accessSync, constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import { FFMPEG_PATH_ENV } from '../constants';
import { FfmpegNotFoundError } from '../errors';

let cached: string | undefined;

/**
 * Path of the ffmpeg binary: `FFMPEG_PATH` if set, else the static build shipped in
 * `@ffmpeg-installer/ffmpeg` (offline, and the same binary as the Lambda layer so scene scores
 * agree across environments). Throws {@link FfmpegNotFoundError} naming what was tried.
 */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[FFMPEG_PATH_ENV]?.trim();
  if (fromEnv) {
    assertExecutable(fromEnv, `${FFMPEG_PATH_ENV}=${fromEnv}`);
    return fromEnv;
  }
  if (cached) return cached;
  let installed: string;
  try {
    // CommonJS package: load it through require so it also works in bundled ESM Lambdas.
    const require = createRequire(import.meta.url);
    installed = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (cause) {
    throw new FfmpegNotFoundError(
      `ffmpeg not found: ${FFMPEG_PATH_ENV} is unset and @ffmpeg-installer/ffmpeg could not be loaded`,
      {},
      { cause },
    );
  }
  assertExecutable(installed, `@ffmpeg-installer/ffmpeg path ${installed}`);
  cached = installed;
  return installed;
}

function assertExecutable(path: string, what: string): void {
  try {
    accessSync(path, fsConstants.X_OK);
  } catch (cause) {
    throw new FfmpegNotFoundError(`ffmpeg not executable (${what})`, { file: path }, { cause });
  }
}
