import { runFfmpeg } from '@catfinder/media';

/** A fragmented H.264 MP4 of `frames` test-pattern frames at 30 fps (what a Delta live-to-VOD serves). */
export async function renderMp4(frames: number): Promise<Uint8Array> {
  const { stdout } = await runFfmpeg(
    [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x90:rate=30',
      '-frames:v',
      String(frames),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      'frag_keyframe+empty_moov',
      '-f',
      'mp4',
      'pipe:1',
    ],
    { timeoutMs: 60_000 },
  );
  return new Uint8Array(stdout);
}
