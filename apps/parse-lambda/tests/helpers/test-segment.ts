/** A real 1 s H.264 segment (160x90 test pattern, 10 fps) for tests of one segment's handling. */
import { runFfmpeg } from '@catfinder/media';

/**
 * Renders it to `path`: MPEG-TS, or a fragmented MP4 as an fMP4 channel's segment arrives with
 * its init section in front (ftyp + moov, then moof + mdat).
 */
export async function renderTestSegment(path: string, container: 'mpegts' | 'fmp4'): Promise<void> {
  const format =
    container === 'mpegts'
      ? ['-f', 'mpegts']
      : ['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'];
  await runFfmpeg(
    [
      ...['-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=10', '-t', '1'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
      ...format,
      ...['-y', path],
    ],
    { timeoutMs: 60_000 },
  );
}
