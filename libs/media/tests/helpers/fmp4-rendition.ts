import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../../src/index';

/** One fMP4 segment of a test rendition. */
export interface Fmp4Segment {
  mediaSequence: number;
  /** The fragment alone (`moof` + `mdat`), as an HLS `.m4s` with `#EXT-X-MAP`. */
  fragmentPath: string;
  /** Init section + fragment in one file, as libs/delta's fetch-segments writes it. */
  selfContainedPath: string;
}

export interface Fmp4Rendition {
  /** The shared init section (`#EXT-X-MAP`). */
  initPath: string;
  segments: Fmp4Segment[];
}

/**
 * Package TS segments as CMAF-style fMP4 keeping every timestamp (a timestamp-preserving packager,
 * as live packagers do for their TS and CMAF renditions): stream copy with `-copyts`, a 90 kHz
 * video timescale, `frag_discont` so each fragment's tfdt is the real DTS, and `delay_moov` so the
 * init section carries the AAC config. The file is then split at its first `moof`.
 */
export async function packageAsFmp4(
  tsSegments: ReadonlyArray<{ path: string; mediaSequence: number }>,
  dir: string,
): Promise<Fmp4Rendition> {
  await mkdir(dir, { recursive: true });
  let initPath = '';
  const segments: Fmp4Segment[] = [];
  for (const seg of tsSegments) {
    const selfContainedPath = join(dir, `seg${seg.mediaSequence}.mp4`);
    await runFfmpeg(
      [
        '-copyts',
        '-i',
        seg.path,
        '-map',
        '0',
        '-c',
        'copy',
        '-bsf:a',
        'aac_adtstoasc',
        '-video_track_timescale',
        '90000',
        '-movflags',
        'frag_keyframe+delay_moov+default_base_moof+frag_discont',
        '-f',
        'mp4',
        selfContainedPath,
      ],
      { timeoutMs: 60_000 },
    );
    const bytes = await readFile(selfContainedPath);
    const moof = bytes.indexOf('moof') - 4;
    if (moof < 0) throw new Error(`packageAsFmp4: no moof in ${selfContainedPath}`);
    if (!initPath) {
      initPath = join(dir, 'init.mp4');
      await writeFile(initPath, bytes.subarray(0, moof));
    }
    const fragmentPath = join(dir, `seg${seg.mediaSequence}.m4s`);
    await writeFile(fragmentPath, bytes.subarray(moof));
    segments.push({ mediaSequence: seg.mediaSequence, fragmentPath, selfContainedPath });
  }
  return { initPath, segments };
}

/**
 * ffmpeg's own HLS fMP4 packager (`-hls_segment_type fmp4`) over the joined TS of the same encode:
 * the rendition a real origin running this ffmpeg would serve. Its timeline origin is its own
 * (the 2018 hls muxer rebases timestamps), so only offsets within the rendition are comparable.
 */
export async function ffmpegHlsFmp4(
  tsSegments: ReadonlyArray<{ path: string }>,
  dir: string,
  segmentSeconds: number,
): Promise<Fmp4Rendition> {
  await mkdir(dir, { recursive: true });
  const joined = join(dir, 'source.ts');
  await writeFile(joined, Buffer.concat(await Promise.all(tsSegments.map((s) => readFile(s.path)))));
  await runFfmpeg(
    [
      '-i',
      joined,
      '-map',
      '0',
      '-c',
      'copy',
      '-bsf:a',
      'aac_adtstoasc',
      '-f',
      'hls',
      '-hls_time',
      String(segmentSeconds),
      '-hls_list_size',
      '0',
      '-hls_segment_type',
      'fmp4',
      '-hls_fmp4_init_filename',
      'init.mp4',
      '-hls_segment_filename',
      join(dir, 'seg%d.m4s'),
      join(dir, 'index.m3u8'),
    ],
    { timeoutMs: 60_000 },
  );
  const initPath = join(dir, 'init.mp4');
  const init = await readFile(initPath);
  const segments: Fmp4Segment[] = [];
  for (let i = 0; i < tsSegments.length; i++) {
    const fragmentPath = join(dir, `seg${i}.m4s`);
    const selfContainedPath = join(dir, `self${i}.mp4`);
    await writeFile(selfContainedPath, Buffer.concat([init, await readFile(fragmentPath)]));
    segments.push({ mediaSequence: i, fragmentPath, selfContainedPath });
  }
  await rename(joined, join(dir, 'source.ts.done'));
  return { initPath, segments };
}
