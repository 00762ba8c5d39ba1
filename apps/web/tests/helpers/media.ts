/** Makes a real H.264 MP4 (+faststart) and a poster JPEG with the bundled ffmpeg binary. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  const require = createRequire(import.meta.url);
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

export async function makeClipMedia(dir: string, name: string, seconds = 6): Promise<{ mp4: string; jpg: string }> {
  const mp4 = join(dir, `${name}.mp4`);
  const jpg = join(dir, `${name}.jpg`);
  const ffmpeg = ffmpegPath();
  const common = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`];
  await run(ffmpeg, [...common, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', mp4], { timeout: 60_000 });
  await run(ffmpeg, [...common, '-frames:v', '1', '-q:v', '4', jpg], { timeout: 30_000 });
  return { mp4, jpg };
}
