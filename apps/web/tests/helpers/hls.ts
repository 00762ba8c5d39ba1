/** Makes a short real HLS stream (H.264 in MPEG-TS, 1 s segments) with the bundled ffmpeg. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';

export async function makeHlsStream(dir: string, name: string, seconds = 8): Promise<string> {
  await mkdir(dir, { recursive: true });
  const playlist = join(dir, `${name}.m3u8`);
  await runFfmpeg(
    [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=320x180:rate=25:duration=${seconds}`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '25',
      '-f',
      'hls',
      '-hls_time',
      '1',
      '-hls_list_size',
      '0',
      '-hls_segment_filename',
      join(dir, `${name}-%d.ts`),
      playlist,
    ],
    { timeoutMs: 60_000 },
  );
  return playlist;
}
