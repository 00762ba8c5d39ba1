/**
 * A VOD HLS rendition of a finished clip, for players that prefer HLS: the MP4 is remuxed (stream
 * copy, no re-encode) into one MPEG-TS file addressed by byte ranges, so the clip stays two
 * objects (`<id>.ts` + `<id>.m3u8`) instead of one per segment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '@catfinder/media';
import { ClipProductionError } from '../errors';

export interface VodHls {
  /** Playlist text; refers to the TS file by its bare name (relative URL). */
  playlist: string;
  tsPath: string;
}

export async function makeVodHls(
  mp4Path: string,
  dir: string,
  id: string,
  options: { timeoutMs: number; segmentSeconds?: number },
): Promise<VodHls> {
  const tsName = `${id}.ts`;
  const playlistPath = join(dir, `${id}.m3u8`);
  const tsPath = join(dir, tsName);
  try {
    await runFfmpeg(
      [
        '-loglevel',
        'error',
        '-i',
        mp4Path,
        '-map',
        '0',
        '-c',
        'copy',
        '-f',
        'hls',
        '-hls_time',
        String(options.segmentSeconds ?? 2),
        '-hls_playlist_type',
        'vod',
        '-hls_flags',
        'single_file',
        '-hls_segment_filename',
        tsName,
        `${id}.m3u8`,
      ],
      // Relative names in `dir`, so the playlist refers to the TS file by its bare name.
      { timeoutMs: options.timeoutMs, cwd: dir, cleanupOnFailure: [tsPath, playlistPath] },
    );
  } catch (error) {
    throw new ClipProductionError('publish', `making the HLS rendition: ${(error as Error).message}`, { cause: error });
  }
  const playlist = await readFile(playlistPath, 'utf8');
  if (!playlist.includes('#EXT-X-ENDLIST') || !playlist.includes(tsName)) {
    throw new ClipProductionError('publish', `HLS rendition of ${id} is incomplete:\n${playlist.slice(0, 300)}`);
  }
  return { playlist, tsPath };
}
