import { DEFAULT_MAX_PLAYLIST_BYTES, DEFAULT_MAX_SEGMENTS } from '../constants';
import type { MediaPlaylist, PlaylistProblem, Segment } from '../types';
import { UriResolver } from '../url';
import { MediaReader, type Draft } from './media-reader';
import { checkPlaylistText, splitLines } from './text';
import { assignTimes } from './times';

/** Options of {@link parseMediaPlaylist}. */
export interface ParseMediaOptions {
  /**
   * Epoch ms the playlist was received: anchor of the estimated clock when no PDT applies.
   * @default Date.now()
   */
  readonly receivedAt?: number;
  /**
   * Largest accepted text.
   * @default 8 MiB
   */
  readonly maxBytes?: number;
  /**
   * Most segments accepted.
   * @default 100000
   */
  readonly maxSegments?: number;
  /**
   * `EXT-X-DEFINE` variables of the multivariant playlist this media playlist came from (the
   * values `EXT-X-DEFINE:IMPORT` may take — {@link MasterPlaylist.variables}).
   * @default {} (nothing to import: every IMPORT is reported as unresolved)
   */
  readonly importVariables?: Readonly<Record<string, string>>;
}

/**
 * Parse a media playlist. Pure: no I/O, no clock unless `receivedAt` is omitted. Problems a
 * player would survive come back in `problems`; a playlist that cannot be trusted (see
 * {@link PlaylistParseError} codes) throws, naming the URL, the line and what was wrong.
 * Numbering, durations, byte ranges, init sections and times are the ones hls.js computes;
 * where we differ on purpose a typed problem says so (see the README).
 */
export function parseMediaPlaylist(text: string, url: string, options: ParseMediaOptions = {}): MediaPlaylist {
  checkPlaylistText(text, url, options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES);
  const receivedAt = options.receivedAt ?? Date.now();
  const problems: PlaylistProblem[] = [];
  const reader = new MediaReader(
    url,
    new UriResolver(url),
    problems,
    options.maxSegments ?? DEFAULT_MAX_SEGMENTS,
    options.importVariables ?? {},
  );
  reader.read(splitLines(text));
  const { header, drafts } = reader;
  let targetDuration = header.targetDuration;
  if (targetDuration === undefined) {
    targetDuration = Math.max(1, Math.ceil(drafts.reduce((max, d) => Math.max(max, d.duration), 0)));
    problems.push({
      code: 'missing-target-duration',
      message: `no EXT-X-TARGETDURATION; using ${targetDuration} s (longest segment)`,
    });
  }
  const firstSequence = header.mediaSequence ?? 0;
  const firstDiscontinuity = header.discontinuitySequence ?? 0;
  const times = assignTimes(drafts, receivedAt, header.trailingPdt);
  const segments: Segment[] = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const segment = toSegment(
      d,
      firstSequence + d.skippedBefore + i,
      firstDiscontinuity,
      times.starts[i]!,
      times.estimated,
    );
    // Spec: EXTINF rounded to the nearest integer must not exceed the target duration.
    if (Math.round(d.duration) > targetDuration) {
      problems.push({
        code: 'duration-exceeds-target',
        message: `segment ${segment.mediaSequence} lasts ${d.duration} s, more than the target duration ${targetDuration} s`,
      });
    }
    segments[i] = segment;
  }
  return {
    url,
    version: header.version,
    targetDuration,
    mediaSequence: firstSequence,
    discontinuitySequence: firstDiscontinuity,
    endList: header.endList,
    playlistType: header.playlistType,
    independentSegments: header.independentSegments,
    skippedSegments: header.skippedSegments,
    ...(header.holdBack === undefined ? {} : { holdBack: header.holdBack }),
    iFramesOnly: header.iFramesOnly,
    segments,
    problems,
    receivedAt,
  };
}

function toSegment(
  d: Draft,
  mediaSequence: number,
  firstDiscontinuity: number,
  startTime: number,
  estimated: boolean,
): Segment {
  // Optional fields are left out rather than set to undefined, so snapshots compare and serialise cleanly.
  const segment: { -readonly [K in keyof Segment]: Segment[K] } = {
    mediaSequence,
    uri: d.uri,
    duration: d.duration,
    discontinuitySequence: firstDiscontinuity + d.discontinuityIndex,
    discontinuity: d.discontinuity,
    startTime,
    clock: estimated ? 'estimated' : 'program-date-time',
  };
  if (d.byteRange) segment.byteRange = d.byteRange;
  if (d.map) segment.map = d.map;
  if (d.title !== undefined) segment.title = d.title;
  if (d.gap) segment.gap = true;
  return segment;
}
