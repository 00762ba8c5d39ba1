import { MAX_TARGET_DURATION_SECONDS } from '../constants';
import { PlaylistParseError, type PlaylistErrorCode } from '../errors';
import type { ByteRange, InitSection, PlaylistProblem } from '../types';
import type { UriResolver } from '../url';
import { parseAttributes } from './attributes';
import { parseDateTime } from './datetime';
import { PlaylistVariables } from './variables';

/** One segment as read, before numbering and times are assigned. */
export interface Draft {
  readonly uri: string;
  readonly duration: number;
  readonly discontinuity: boolean;
  readonly discontinuityIndex: number;
  /** Segments skipped by `EXT-X-SKIP` before this one (numbering continues after them). */
  readonly skippedBefore: number;
  readonly pdt?: number;
  readonly byteRange?: ByteRange;
  readonly map?: InitSection;
  readonly title?: string;
  readonly gap?: boolean;
}

/** What the reader found in the playlist header and body. */
export interface ReadPlaylist {
  version?: number;
  targetDuration?: number;
  mediaSequence?: number;
  discontinuitySequence?: number;
  endList: boolean;
  playlistType?: 'EVENT' | 'VOD';
  independentSegments: boolean;
  skippedSegments: number;
  holdBack?: number;
  iFramesOnly: boolean;
  /** A `#EXT-X-PROGRAM-DATE-TIME` after the last segment: the instant the last segment ends. */
  trailingPdt?: number;
}

/** An `EXT-X-BYTERANGE` waiting for its segment's URI. */
interface PendingRange {
  readonly length: number;
  readonly offset?: number;
  readonly line: number;
}

// `.360` and `1000000` are valid durations for players (hls.js reads `\d*(\.\d+)?`).
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^\d{1,15}$/;
const DECIMAL_TARGET = /^\d{1,15}(\.\d*)?$/;
/** Tags a media playlist may carry once; a repeat is an error for players, a problem here. */
const ONCE_ONLY = new Set([
  '#EXT-X-ENDLIST',
  '#EXT-X-VERSION',
  '#EXT-X-PLAYLIST-TYPE',
  '#EXT-X-PART-INF',
  '#EXT-X-SERVER-CONTROL',
  '#EXT-X-SKIP',
]);

/**
 * Line-by-line reader of a media playlist: header tags into {@link ReadPlaylist}, segments into
 * {@link Draft}s. Survivable problems go to `problems`; an untrustworthy playlist throws
 * {@link PlaylistParseError} naming the line. Numbering and times are assigned afterwards.
 */
export class MediaReader {
  readonly drafts: Draft[] = [];
  readonly header: ReadPlaylist = {
    endList: false,
    independentSegments: false,
    skippedSegments: 0,
    iFramesOnly: false,
  };
  private readonly variables: PlaylistVariables;
  private readonly seenOnce = new Set<string>();
  private readonly seenUris = new Set<string>();
  // The segment being described by the tags before its URI.
  private duration: number | undefined;
  private title: string | undefined;
  private pendingDiscontinuity = false;
  private pendingGap = false;
  private pendingPdt: number | undefined;
  private pendingRange: PendingRange | undefined;
  private map: InitSection | undefined;
  private discontinuities = 0;

  constructor(
    private readonly url: string,
    private readonly resolver: UriResolver,
    private readonly problems: PlaylistProblem[],
    private readonly maxSegments: number,
    importedVariables: Readonly<Record<string, string>>,
  ) {
    this.variables = new PlaylistVariables(url, importedVariables, problems);
  }

  /** Read every line after `#EXTM3U`. */
  read(lines: readonly string[]): void {
    for (let i = 1; i < lines.length; i++) {
      let line = lines[i]!;
      // trim() allocates; only pay for it when the line has surrounding whitespace.
      if (line.length > 0 && (line.charCodeAt(0) <= 32 || line.charCodeAt(line.length - 1) <= 32)) line = line.trim();
      if (line === '') continue;
      if (line.charCodeAt(0) !== 35 /* # */) this.uriLine(line, i + 1);
      else if (line.startsWith('#EXT')) this.tagLine(line, i + 1);
      // else: a comment
    }
    if (this.pendingPdt !== undefined) this.header.trailingPdt = this.pendingPdt;
  }

  private fail(code: PlaylistErrorCode, detail: string, line: number): never {
    throw new PlaylistParseError(code, detail, this.url, line);
  }

  private problem(code: PlaylistProblem['code'], message: string, line: number): void {
    this.problems.push({ code, message, line });
  }

  private uriLine(raw: string, lineNo: number): void {
    const text = this.variables.substitute(raw, lineNo);
    if (this.duration === undefined) {
      // hls.js lists such a URI as a segment of duration 0; so do we, and say so.
      this.problem(
        'uri-without-extinf',
        `segment URI "${clip(text)}" has no #EXTINF before it; read as duration 0`,
        lineNo,
      );
    }
    let uri: string;
    try {
      uri = this.resolver.resolve(text);
    } catch {
      return this.fail('bad-uri', `cannot resolve URI "${clip(text)}"`, lineNo);
    }
    const byteRange = this.pendingRange ? this.rangeOf(uri, this.pendingRange) : undefined;
    if (!byteRange && this.seenUris.has(uri)) this.problem('duplicate-uri', `segment URI ${uri} listed twice`, lineNo);
    this.seenUris.add(uri);
    if (this.drafts.length >= this.maxSegments)
      this.fail('too-many-segments', `more than ${this.maxSegments} segments`, lineNo);
    this.drafts.push({
      uri,
      duration: this.duration ?? 0,
      discontinuity: this.pendingDiscontinuity,
      discontinuityIndex: this.discontinuities,
      skippedBefore: this.header.skippedSegments,
      pdt: this.pendingPdt,
      byteRange,
      map: this.map,
      title: this.title,
      gap: this.pendingGap,
    });
    this.duration = undefined;
    this.title = undefined;
    this.pendingDiscontinuity = false;
    this.pendingGap = false;
    this.pendingPdt = undefined;
    this.pendingRange = undefined;
  }

  /**
   * A segment's byte range. Without `@offset` it starts where the previous segment's range ended
   * (0 when that one had none) — as hls.js reads it; the spec also wants the previous segment to be
   * a sub-range of the same resource, and when it is not we say so (`byterange-offset-guessed`).
   */
  private rangeOf(uri: string, pending: PendingRange): ByteRange {
    if (pending.offset !== undefined) return { offset: pending.offset, length: pending.length };
    const previous = this.drafts.at(-1);
    const offset = previous?.byteRange ? previous.byteRange.offset + previous.byteRange.length : 0;
    if (previous?.uri !== uri || !previous.byteRange) {
      this.problem(
        'byterange-offset-guessed',
        `EXT-X-BYTERANGE without offset does not follow a range of ${clip(uri)}; offset ${offset} assumed (as hls.js)`,
        pending.line,
      );
    }
    return { offset, length: pending.length };
  }

  private tagLine(line: string, lineNo: number): void {
    // Fast path for the two tags every segment carries (a 10,000-segment playlist must parse in < 50 ms).
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) return this.programDateTime(line.slice(25), lineNo);
    if (line.startsWith('#EXTINF:')) return this.extinf(line.slice(8), lineNo);
    const colon = line.indexOf(':');
    const tag = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    if (ONCE_ONLY.has(tag)) {
      if (this.seenOnce.has(tag))
        this.problem(
          'duplicate-tag',
          `${tag} appears more than once (an error for players; the last one is used)`,
          lineNo,
        );
      this.seenOnce.add(tag);
    }
    this.headerOrSegmentTag(tag, value.trim(), lineNo);
  }

  private headerOrSegmentTag(tag: string, value: string, lineNo: number): void {
    switch (tag) {
      case '#EXT-X-TARGETDURATION':
        return this.targetDuration(value, lineNo);
      case '#EXT-X-MEDIA-SEQUENCE':
        if (this.header.mediaSequence !== undefined)
          this.fail('duplicate-tag', 'EXT-X-MEDIA-SEQUENCE appears twice', lineNo);
        if (this.drafts.length > 0)
          this.fail('bad-media-sequence', 'EXT-X-MEDIA-SEQUENCE after the first segment', lineNo);
        if (!INTEGER.test(value))
          this.fail('bad-media-sequence', `media sequence "${clip(value)}" is not a non-negative integer`, lineNo);
        this.header.mediaSequence = Number(value);
        return;
      case '#EXT-X-DISCONTINUITY-SEQUENCE':
        if (this.header.discontinuitySequence !== undefined)
          this.fail('duplicate-tag', 'EXT-X-DISCONTINUITY-SEQUENCE appears twice', lineNo);
        if (!INTEGER.test(value))
          this.fail(
            'bad-discontinuity-sequence',
            `discontinuity sequence "${clip(value)}" is not a non-negative integer`,
            lineNo,
          );
        this.header.discontinuitySequence = Number(value);
        return;
      case '#EXT-X-DISCONTINUITY':
        this.pendingDiscontinuity = true;
        this.discontinuities++;
        return;
      case '#EXT-X-GAP':
        this.pendingGap = true;
        return;
      case '#EXT-X-BYTERANGE': {
        const m = /^(\d{1,15})(?:@(\d{1,15}))?$/.exec(value);
        if (!m) this.fail('bad-byterange', `byte range "${clip(value)}" is not <length>[@<offset>]`, lineNo);
        this.pendingRange = {
          length: Number(m[1]),
          offset: m[2] === undefined ? undefined : Number(m[2]),
          line: lineNo,
        };
        return;
      }
      case '#EXT-X-MAP':
        return this.initSection(value, lineNo);
      default:
        return this.otherTag(tag, value, lineNo);
    }
  }

  private otherTag(tag: string, value: string, lineNo: number): void {
    switch (tag) {
      case '#EXT-X-KEY': {
        const method = this.attributes(value, lineNo).METHOD;
        if (method && method !== 'NONE') {
          this.problem('encrypted', `segments are encrypted (METHOD=${clip(method)}); they cannot be analysed`, lineNo);
        }
        return;
      }
      case '#EXT-X-DEFINE':
        return this.variables.define(this.attributes(value, lineNo, ['NAME', 'VALUE', 'IMPORT', 'QUERYPARAM']), lineNo);
      case '#EXT-X-SKIP':
        return this.skip(value, lineNo);
      case '#EXT-X-SERVER-CONTROL': {
        const holdBack = Number(this.attributes(value, lineNo)['HOLD-BACK']);
        if (Number.isFinite(holdBack) && holdBack >= 0) this.header.holdBack = holdBack;
        return;
      }
      case '#EXT-X-I-FRAMES-ONLY':
        this.header.iFramesOnly = true;
        return this.problem(
          'i-frames-only',
          'EXT-X-I-FRAMES-ONLY: an I-frame (trick play) playlist, not content to analyse',
          lineNo,
        );
      case '#EXT-X-ENDLIST':
        this.header.endList = true;
        return;
      case '#EXT-X-PLAYLIST-TYPE':
        if (value === 'EVENT' || value === 'VOD') this.header.playlistType = value;
        return;
      case '#EXT-X-INDEPENDENT-SEGMENTS':
        this.header.independentSegments = true;
        return;
      case '#EXT-X-VERSION':
        if (INTEGER.test(value)) this.header.version = Number(value);
        return;
      case '#EXT-X-STREAM-INF':
      case '#EXT-X-I-FRAME-STREAM-INF':
      case '#EXT-X-MEDIA':
        return this.fail('not-media', `${tag} belongs in a master playlist`, lineNo);
      default:
        return; // other tags are legal and irrelevant here
    }
  }

  /** Attribute values, `{$var}` substituted in `substituted` names; an unterminated quote is reported. */
  private attributes(
    value: string,
    lineNo: number,
    substituted: readonly string[] = ['URI', 'BYTERANGE'],
  ): Record<string, string> {
    const { values, unterminated } = parseAttributes(value);
    for (const name of unterminated) {
      this.problem(
        'unterminated-quote',
        `${name}="${clip(values[name]!)}" has no closing quote; read to the end of the line`,
        lineNo,
      );
    }
    for (const name of substituted)
      if (values[name] !== undefined) values[name] = this.variables.substitute(values[name], lineNo);
    return values;
  }

  private programDateTime(value: string, lineNo: number): void {
    const parsed = parseDateTime(value);
    if (!parsed) {
      this.problem('bad-program-date-time', `ignored unparsable PROGRAM-DATE-TIME "${clip(value)}"`, lineNo);
      return;
    }
    if (!parsed.hasZone) {
      this.problem(
        'program-date-time-without-zone',
        `PROGRAM-DATE-TIME "${clip(value)}" has no zone; read as UTC`,
        lineNo,
      );
    }
    this.pendingPdt = parsed.ms;
  }

  private extinf(value: string, lineNo: number): void {
    const comma = value.indexOf(',');
    const raw = (comma === -1 ? value : value.slice(0, comma)).trim();
    if (!DECIMAL.test(raw))
      this.fail('bad-duration', `segment duration "${clip(raw)}" is not a non-negative number`, lineNo);
    const duration = Number(raw);
    if (!Number.isFinite(duration)) this.fail('bad-duration', `segment duration ${clip(raw)} is out of range`, lineNo);
    this.duration = duration;
    this.title = comma === -1 ? undefined : value.slice(comma + 1) || undefined;
  }

  private targetDuration(value: string, lineNo: number): void {
    if (this.header.targetDuration !== undefined)
      this.fail('duplicate-tag', 'EXT-X-TARGETDURATION appears twice', lineNo);
    const seconds = Number(value);
    if (!DECIMAL_TARGET.test(value) || Math.ceil(seconds) < 1 || seconds > MAX_TARGET_DURATION_SECONDS) {
      this.fail(
        'bad-target-duration',
        `target duration "${clip(value)}" is not a number 1..${MAX_TARGET_DURATION_SECONDS}`,
        lineNo,
      );
    }
    // The spec wants an integer; players accept `2.5`. Rounding up keeps "no segment longer than the target" true.
    this.header.targetDuration = Math.ceil(seconds);
    if (!Number.isInteger(seconds)) {
      this.problem(
        'fractional-target-duration',
        `target duration ${clip(value)} is not an integer; read as ${Math.ceil(seconds)} (hls.js reads ${Math.max(1, Math.floor(seconds))})`,
        lineNo,
      );
    }
  }

  private initSection(value: string, lineNo: number): void {
    const attributes = this.attributes(value, lineNo);
    if (!attributes.URI) {
      // Players accept the playlist (and fail on the init fetch); we keep segments without an init section.
      this.problem(
        'map-without-uri',
        'EXT-X-MAP without URI: ignored, the segments after it have no init section',
        lineNo,
      );
      this.map = undefined;
      return;
    }
    let uri: string;
    try {
      uri = new URL(attributes.URI, this.url).href;
    } catch {
      return this.fail('bad-uri', `cannot resolve EXT-X-MAP URI "${clip(attributes.URI)}"`, lineNo);
    }
    if (attributes.BYTERANGE === undefined) {
      this.map = { uri };
      return;
    }
    const m = /^(\d{1,15})@(\d{1,15})$/.exec(attributes.BYTERANGE);
    if (!m)
      this.fail(
        'bad-byterange',
        `EXT-X-MAP BYTERANGE "${clip(attributes.BYTERANGE)}" is not <length>@<offset>`,
        lineNo,
      );
    this.map = { uri, byteRange: { length: Number(m[1]), offset: Number(m[2]) } };
  }

  private skip(value: string, lineNo: number): void {
    const raw = this.attributes(value, lineNo)['SKIPPED-SEGMENTS'];
    if (raw === undefined || !INTEGER.test(raw)) {
      this.fail('malformed', `EXT-X-SKIP SKIPPED-SEGMENTS "${clip(raw ?? '')}" is not a non-negative integer`, lineNo);
    }
    const count = Number(raw);
    this.header.skippedSegments += count;
    this.problem(
      'skipped-segments',
      `delta update: ${count} segments not listed (EXT-X-SKIP); the next one is numbered after them`,
      lineNo,
    );
  }
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
