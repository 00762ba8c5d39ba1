import { DEFAULT_MAX_PLAYLIST_BYTES, DEFAULT_MAX_SEGMENTS, MAX_TARGET_DURATION_SECONDS } from '../constants';
import { PlaylistParseError } from '../errors';
import type { ByteRange, InitSection, MediaPlaylist, PlaylistProblem, Segment } from '../types';
import { UriResolver } from '../url';
import { parseAttributes } from './attributes';
import { parseDateTime } from './datetime';
import { checkPlaylistText, splitLines } from './text';

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
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d{1,15}$/;

/**
 * Parse a media playlist. Pure: no I/O, no clock unless `receivedAt` is omitted. Problems a
 * player would survive come back in `problems`; a playlist that cannot be trusted (see
 * {@link PlaylistParseError} codes) throws, naming the URL, the line and what was wrong.
 *
 * Times: a segment with `#EXT-X-PROGRAM-DATE-TIME` starts at it; later segments of the same
 * timeline add the durations before them; earlier ones subtract (both flagged
 * `program-date-time`, since they are exact relative to it). Segments in a timeline with no PDT
 * at all are `estimated`: `receivedAt` for the first, plus the running sum of durations.
 */
export function parseMediaPlaylist(text: string, url: string, options: ParseMediaOptions = {}): MediaPlaylist {
  checkPlaylistText(text, url, options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES);
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  const receivedAt = options.receivedAt ?? Date.now();
  const resolver = new UriResolver(url);
  const problems: PlaylistProblem[] = [];
  const lines = splitLines(text);

  let version: number | undefined;
  let targetDuration: number | undefined;
  let mediaSequence: number | undefined;
  let discontinuitySequence: number | undefined;
  let endList = false;
  let playlistType: 'EVENT' | 'VOD' | undefined;
  let independentSegments = false;

  // State for the segment being described by the tags before its URI.
  let duration: number | undefined;
  let title: string | undefined;
  let pendingDiscontinuity = false;
  let pendingPdt: number | undefined;
  let pendingRange: { length: number; offset?: number } | undefined;
  let map: InitSection | undefined;
  let discontinuities = 0;
  const lastRangeEnd = new Map<string, number>();
  const seenUris = new Set<string>();

  interface Draft {
    uri: string;
    duration: number;
    discontinuity: boolean;
    discontinuityIndex: number;
    pdt?: number;
    byteRange?: ByteRange;
    map?: InitSection;
    title?: string;
  }
  const drafts: Draft[] = [];

  const fail = (code: ConstructorParameters<typeof PlaylistParseError>[0], detail: string, line: number): never => {
    throw new PlaylistParseError(code, detail, url, line);
  };

  const readProgramDateTime = (value: string, lineNo: number): void => {
    const parsed = parseDateTime(value);
    if (!parsed) {
      problems.push({ code: 'bad-program-date-time', message: `ignored unparsable PROGRAM-DATE-TIME "${clip(value)}"`, line: lineNo });
      return;
    }
    if (!parsed.hasZone) {
      problems.push({ code: 'program-date-time-without-zone', message: `PROGRAM-DATE-TIME "${clip(value)}" has no zone; read as UTC`, line: lineNo });
    }
    pendingPdt = parsed.ms;
  };

  for (let i = 1; i < lines.length; i++) {
    let line = lines[i]!;
    // trim() allocates; only pay for it when the line has surrounding whitespace.
    if (line.length > 0 && (line.charCodeAt(0) <= 32 || line.charCodeAt(line.length - 1) <= 32)) line = line.trim();
    if (line === '') continue;
    const lineNo = i + 1;
    if (line.charCodeAt(0) !== 35 /* # */) {
      if (duration === undefined) fail('uri-without-extinf', `segment URI "${clip(line)}" has no #EXTINF before it`, lineNo);
      let uri: string;
      try {
        uri = resolver.resolve(line);
      } catch {
        return fail('bad-uri', `cannot resolve URI "${clip(line)}"`, lineNo);
      }
      let byteRange: ByteRange | undefined;
      if (pendingRange) {
        const offset = pendingRange.offset ?? lastRangeEnd.get(uri);
        if (offset === undefined) fail('bad-byterange', 'EXT-X-BYTERANGE without offset and no previous range of the same resource', lineNo);
        byteRange = { offset: offset!, length: pendingRange.length };
        lastRangeEnd.set(uri, offset! + pendingRange.length);
      } else if (seenUris.has(uri)) {
        problems.push({ code: 'duplicate-uri', message: `segment URI ${uri} listed twice`, line: lineNo });
      }
      seenUris.add(uri);
      if (drafts.length >= maxSegments) fail('too-many-segments', `more than ${maxSegments} segments`, lineNo);
      drafts.push({
        uri,
        duration: duration!,
        discontinuity: pendingDiscontinuity,
        discontinuityIndex: discontinuities,
        pdt: pendingPdt,
        byteRange,
        map,
        title,
      });
      duration = undefined;
      title = undefined;
      pendingDiscontinuity = false;
      pendingPdt = undefined;
      pendingRange = undefined;
      continue;
    }
    if (!line.startsWith('#EXT')) continue; // comment
    // Fast path for the two tags every segment carries (a 10,000-segment playlist must parse in < 50 ms).
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      readProgramDateTime(line.slice(25), lineNo);
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXTINF': {
        const comma = value.indexOf(',');
        const raw = (comma === -1 ? value : value.slice(0, comma)).trim();
        if (!DECIMAL.test(raw)) fail('bad-duration', `segment duration "${clip(raw)}" is not a non-negative number`, lineNo);
        duration = Number(raw);
        if (!Number.isFinite(duration) || duration > MAX_TARGET_DURATION_SECONDS) {
          fail('bad-duration', `segment duration ${raw} is out of range`, lineNo);
        }
        title = comma === -1 ? undefined : value.slice(comma + 1) || undefined;
        break;
      }
      case '#EXT-X-TARGETDURATION': {
        if (targetDuration !== undefined) fail('duplicate-tag', 'EXT-X-TARGETDURATION appears twice', lineNo);
        if (!INTEGER.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_TARGET_DURATION_SECONDS) {
          fail('bad-target-duration', `target duration "${clip(value)}" is not an integer 1..${MAX_TARGET_DURATION_SECONDS}`, lineNo);
        }
        targetDuration = Number(value);
        break;
      }
      case '#EXT-X-MEDIA-SEQUENCE':
        if (mediaSequence !== undefined) fail('duplicate-tag', 'EXT-X-MEDIA-SEQUENCE appears twice', lineNo);
        if (drafts.length > 0) fail('bad-media-sequence', 'EXT-X-MEDIA-SEQUENCE after the first segment', lineNo);
        if (!INTEGER.test(value.trim())) fail('bad-media-sequence', `media sequence "${clip(value)}" is not a non-negative integer`, lineNo);
        mediaSequence = Number(value);
        break;
      case '#EXT-X-DISCONTINUITY-SEQUENCE':
        if (discontinuitySequence !== undefined) fail('duplicate-tag', 'EXT-X-DISCONTINUITY-SEQUENCE appears twice', lineNo);
        if (!INTEGER.test(value.trim())) {
          fail('bad-discontinuity-sequence', `discontinuity sequence "${clip(value)}" is not a non-negative integer`, lineNo);
        }
        discontinuitySequence = Number(value);
        break;
      case '#EXT-X-DISCONTINUITY':
        pendingDiscontinuity = true;
        discontinuities++;
        break;
      case '#EXT-X-BYTERANGE': {
        const m = /^(\d{1,15})(?:@(\d{1,15}))?$/.exec(value.trim());
        if (!m) fail('bad-byterange', `byte range "${clip(value)}" is not <length>[@<offset>]`, lineNo);
        pendingRange = { length: Number(m![1]), offset: m![2] === undefined ? undefined : Number(m![2]) };
        break;
      }
      case '#EXT-X-MAP': {
        const attributes = parseAttributes(value);
        if (!attributes.URI) fail('bad-uri', 'EXT-X-MAP without URI', lineNo);
        let mapUri: string;
        try {
          mapUri = new URL(attributes.URI!, url).href;
        } catch {
          return fail('bad-uri', `cannot resolve EXT-X-MAP URI "${clip(attributes.URI!)}"`, lineNo);
        }
        let range: ByteRange | undefined;
        if (attributes.BYTERANGE !== undefined) {
          const m = /^(\d{1,15})@(\d{1,15})$/.exec(attributes.BYTERANGE);
          if (!m) fail('bad-byterange', `EXT-X-MAP BYTERANGE "${clip(attributes.BYTERANGE)}" is not <length>@<offset>`, lineNo);
          range = { length: Number(m![1]), offset: Number(m![2]) };
        }
        map = range ? { uri: mapUri, byteRange: range } : { uri: mapUri };
        break;
      }
      case '#EXT-X-KEY': {
        const method = parseAttributes(value).METHOD;
        if (method && method !== 'NONE') {
          problems.push({ code: 'encrypted', message: `segments are encrypted (METHOD=${clip(method)}); they cannot be analysed`, line: lineNo });
        }
        break;
      }
      case '#EXT-X-ENDLIST':
        endList = true;
        break;
      case '#EXT-X-PLAYLIST-TYPE':
        if (value === 'EVENT' || value === 'VOD') playlistType = value;
        break;
      case '#EXT-X-INDEPENDENT-SEGMENTS':
        independentSegments = true;
        break;
      case '#EXT-X-VERSION':
        if (INTEGER.test(value.trim())) version = Number(value);
        break;
      case '#EXT-X-STREAM-INF':
      case '#EXT-X-I-FRAME-STREAM-INF':
      case '#EXT-X-MEDIA':
        fail('not-media', `${tag} belongs in a master playlist`, lineNo);
        break;
      default:
        break; // other tags are legal and irrelevant here
    }
  }

  if (targetDuration === undefined) {
    targetDuration = Math.max(1, Math.ceil(drafts.reduce((max, d) => Math.max(max, d.duration), 0)));
    problems.push({ code: 'missing-target-duration', message: `no EXT-X-TARGETDURATION; using ${targetDuration} s (longest segment)` });
  }
  const firstSequence = mediaSequence ?? 0;
  const firstDiscontinuity = discontinuitySequence ?? 0;
  const times = assignTimes(drafts, receivedAt, (d, i) => {
    // Spec: EXTINF rounded to the nearest integer must not exceed the target duration.
    if (Math.round(d.duration) > targetDuration!) {
      problems.push({
        code: 'duration-exceeds-target',
        message: `segment ${firstSequence + i} lasts ${d.duration} s, more than the target duration ${targetDuration} s`,
      });
    }
  });
  const segments: Segment[] = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    // Optional fields are left out rather than set to undefined, so snapshots compare and serialise cleanly.
    const segment: { -readonly [K in keyof Segment]: Segment[K] } = {
      mediaSequence: firstSequence + i,
      uri: d.uri,
      duration: d.duration,
      discontinuitySequence: firstDiscontinuity + d.discontinuityIndex,
      discontinuity: d.discontinuity,
      startTime: times.starts[i]!,
      clock: times.estimated[i] === 1 ? 'estimated' : 'program-date-time',
    };
    if (d.byteRange) segment.byteRange = d.byteRange;
    if (d.map) segment.map = d.map;
    if (d.title !== undefined) segment.title = d.title;
    segments[i] = segment;
  }
  return {
    url,
    version,
    targetDuration,
    mediaSequence: firstSequence,
    discontinuitySequence: firstDiscontinuity,
    endList,
    playlistType,
    independentSegments,
    segments,
    problems,
    receivedAt,
  };
}

interface TimedDraft {
  duration: number;
  discontinuityIndex: number;
  pdt?: number;
}

/**
 * Start time (epoch ms) and whether it is estimated, per segment (see parseMediaPlaylist).
 * Timelines split at discontinuities. Typed arrays: no per-segment allocation.
 */
function assignTimes<T extends TimedDraft>(
  drafts: readonly T[],
  receivedAt: number,
  visit: (draft: T, index: number) => void,
): { starts: Float64Array; estimated: Uint8Array } {
  const starts = new Float64Array(drafts.length);
  const estimated = new Uint8Array(drafts.length);
  let i = 0;
  let estimatedAnchor = receivedAt;
  while (i < drafts.length) {
    // one timeline: [i, end)
    let end = i;
    const timeline = drafts[i]!.discontinuityIndex;
    let firstPdt = -1;
    while (end < drafts.length && drafts[end]!.discontinuityIndex === timeline) {
      if (firstPdt === -1 && drafts[end]!.pdt !== undefined) firstPdt = end;
      visit(drafts[end]!, end);
      end++;
    }
    if (firstPdt === -1) {
      let t = estimatedAnchor;
      for (let k = i; k < end; k++) {
        starts[k] = t;
        estimated[k] = 1;
        t += drafts[k]!.duration * 1000;
      }
      estimatedAnchor = t;
    } else {
      let t = drafts[firstPdt]!.pdt!;
      for (let k = firstPdt - 1; k >= i; k--) {
        t -= drafts[k]!.duration * 1000;
        starts[k] = t;
      }
      t = drafts[firstPdt]!.pdt!;
      for (let k = firstPdt; k < end; k++) {
        const own = drafts[k]!.pdt;
        if (own !== undefined) t = own; // each PDT re-anchors, so rounding never accumulates
        starts[k] = t;
        t += drafts[k]!.duration * 1000;
      }
      estimatedAnchor = t;
    }
    i = end;
  }
  return { starts, estimated };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
