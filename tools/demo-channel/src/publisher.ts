import { startFfmpeg, type FfmpegProcess } from '@catfinder/media';
import { FMP4_INIT_SEGMENT, FMP4_SEGMENT_PATTERN, MASTER_PLAYLIST, MEDIA_PLAYLIST, SEGMENT_PATTERN } from './constants';
import type { ProgramSchedule, SegmentContainer } from './types';

/** Options of the live publisher. */
export interface PublishOptions {
  readonly programPath: string;
  readonly outDir: string;
  readonly schedule: ProgramSchedule;
  readonly windowSegments: number;
  readonly audio: boolean;
  /** `ts` (default) or `fmp4`: this ffmpeg's hls muxer writes fMP4 itself (`-hls_segment_type fmp4`). */
  readonly container?: SegmentContainer;
  /** Segments kept on disk after leaving the window, so a client holding an older playlist can still fetch them. */
  readonly deleteThreshold: number;
}

/**
 * ffmpeg arguments that publish the pre-rendered program as live HLS forever: `-re` paces it in
 * real time, `-stream_loop -1` repeats it, video is copied (the program already has one closed
 * GOP per segment, so every segment is exactly `segmentSeconds`). The tone is generated and
 * encoded live so its AAC frame size never has to line up with the program's loop point.
 * Output names are relative to `cwd` = the output dir: with a `file:` prefix this ffmpeg never
 * deletes old segments.
 */
export function publishArgs(options: PublishOptions): string[] {
  const { schedule } = options;
  const audioIn = options.audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : [];
  const audioOut = options.audio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '64k', '-ac', '2'] : [];
  const fmp4 = options.container === 'fmp4';
  const containerArgs = fmp4 ? ['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', FMP4_INIT_SEGMENT] : [];
  return [
    '-loglevel',
    'warning',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    options.programPath,
    ...audioIn,
    '-map',
    '0:v',
    '-c:v',
    'copy',
    ...audioOut,
    '-f',
    'hls',
    '-hls_time',
    String(schedule.segmentSeconds),
    '-hls_list_size',
    String(options.windowSegments),
    '-hls_delete_threshold',
    String(options.deleteThreshold),
    '-start_number',
    '0',
    '-hls_flags',
    'delete_segments+program_date_time+independent_segments',
    ...containerArgs,
    '-hls_segment_filename',
    fmp4 ? FMP4_SEGMENT_PATTERN : SEGMENT_PATTERN,
    '-master_pl_name',
    MASTER_PLAYLIST,
    MEDIA_PLAYLIST,
  ];
}

/** Start publishing; stop with the returned handle's `stop()`. */
export function startPublisher(options: PublishOptions): FfmpegProcess {
  return startFfmpeg(publishArgs(options), { timeoutMs: Infinity, cwd: options.outDir });
}
