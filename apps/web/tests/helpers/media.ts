/** Makes a real H.264 MP4 (+faststart) and a poster JPEG with the bundled ffmpeg, through libs/media's runner. */
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';

export async function makeClipMedia(dir: string, name: string, seconds = 6): Promise<{ mp4: string; jpg: string }> {
  const mp4 = join(dir, `${name}.mp4`);
  const jpg = join(dir, `${name}.jpg`);
  const common = ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=25:duration=${seconds}`];
  await runFfmpeg(
    [...common, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', mp4],
    { timeoutMs: 60_000 },
  );
  await runFfmpeg([...common, '-frames:v', '1', '-q:v', '4', jpg], { timeoutMs: 30_000 });
  return { mp4, jpg };
}
