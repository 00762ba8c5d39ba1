/**
 * A misbehaving origin on demand, for soak tests: the channel's real (ffmpeg) playlist is rewritten
 * and its requests intercepted to show what real origins do —
 * - `restart`: the encoder restarts; the window starts again with sequence numbers (and segment
 *   names) from 0, so numbers already seen come back with new content;
 * - `jump`: sequence numbers jump far ahead (a packager failover);
 * - `http-error`: every request answers 5xx for a while;
 * - `stall`: the next new segment's requests hang for a while before being answered;
 * - `foreign-uri`: the next new segment is listed on a host the channel does not own.
 * It also remembers every segment it listed (`listed()`), so a test knows exactly what a client
 * could have seen. Times are real; `#EXT-X-PROGRAM-DATE-TIME` is never rewritten.
 */
import type { ChannelFault, ListedSegment } from './types';

interface Epoch {
  /** First real (ffmpeg) sequence of the epoch. */
  readonly fromReal: number;
  /** virtual = real + offset. */
  readonly offset: number;
}

interface Segment {
  readonly real: number;
  readonly tags: string[];
  readonly uri: string;
  readonly startMs: number | undefined;
}

/** What the server should do with one request. */
export type Interception = { readonly status: number } | { readonly holdUntilMs: number } | undefined;

/** Listed segments remembered (about 4 days of 2 s segments), oldest forgotten first. */
const MAX_REMEMBERED = 200_000;
const SEGMENT_NAME = /^seg_(\d+)\.(ts|m4s)$/;
export const DEFAULT_FOREIGN_HOST = '169.254.169.254';

export class FaultyOrigin {
  private readonly epochs: Epoch[] = [{ fromReal: 0, offset: 0 }];
  /** Epochs announced but not yet live (their first segment does not exist yet). */
  private pending: Epoch[] = [];
  private maxSeenReal = -1;
  private errorUntilMs = 0;
  private errorStatus = 503;
  private readonly stalls = new Map<number, number>();
  private pendingStallMs: number[] = [];
  private readonly foreign = new Map<number, string>();
  private pendingForeign: string[] = [];
  private readonly seen = new Map<string, ListedSegment>();
  private readonly applied: { readonly atMs: number; readonly fault: ChannelFault }[] = [];

  /** Applies `fault` now. */
  inject(fault: ChannelFault, now = Date.now()): void {
    this.applied.push({ atMs: now, fault });
    const current = this.pending.at(-1) ?? this.epochs.at(-1)!;
    const next = this.maxSeenReal + 1;
    switch (fault.kind) {
      case 'restart':
        this.pending.push({ fromReal: next, offset: -next });
        break;
      case 'jump':
        this.pending.push({ fromReal: next, offset: current.offset + fault.by });
        break;
      case 'http-error':
        this.errorUntilMs = now + fault.seconds * 1000;
        this.errorStatus = fault.status ?? 503;
        break;
      case 'stall':
        this.pendingStallMs.push(fault.seconds * 1000);
        break;
      case 'foreign-uri':
        this.pendingForeign.push(fault.host ?? DEFAULT_FOREIGN_HOST);
        break;
    }
  }

  /** Faults applied so far, with when. */
  history(): readonly { readonly atMs: number; readonly fault: ChannelFault }[] {
    return this.applied;
  }

  /** Every segment listed so far in a served media playlist, once per (epoch, sequence). */
  listed(): ListedSegment[] {
    return [...this.seen.values()];
  }

  /** Decides what happens to a request for `name` (a playlist or a segment file). */
  intercept(name: string, now = Date.now()): Interception {
    if (now < this.errorUntilMs) return { status: this.errorStatus };
    const virtual = SEGMENT_NAME.exec(name);
    if (virtual === null) return undefined;
    const real = this.realOf(Number(virtual[1]));
    const until = real === undefined ? undefined : this.stalls.get(real);
    return until !== undefined && now < until ? { holdUntilMs: until } : undefined;
  }

  /** The file that serves the segment a client asked for by its (virtual) name, if any. */
  resolveSegment(name: string): string | undefined {
    const m = SEGMENT_NAME.exec(name);
    if (m === null) return name;
    const real = this.realOf(Number(m[1]));
    return real === undefined ? undefined : `seg_${real}.${m[2]}`;
  }

  /** The media playlist a client gets instead of ffmpeg's `text`. */
  rewrite(text: string, now = Date.now()): string {
    const { header, segments } = splitPlaylist(text);
    this.activate(segments, now);
    const epoch = this.epochs.at(-1)!;
    const shown = segments.filter((s) => s.real >= epoch.fromReal);
    if (shown.length === 0) return text;
    const first = shown[0]!.real + epoch.offset;
    const out = header.map((line) =>
      line.startsWith('#EXT-X-MEDIA-SEQUENCE:') ? `#EXT-X-MEDIA-SEQUENCE:${first}` : line,
    );
    for (const s of shown) {
      const virtual = s.real + epoch.offset;
      const uri = this.uriOf(s, virtual);
      out.push(...s.tags, uri);
      this.remember(s, virtual, uri, now);
    }
    return `${out.join('\n')}\n`;
  }

  /** Makes pending epochs live once their first segment exists; arms stalls and foreign URIs on new segments. */
  private activate(segments: readonly Segment[], now: number): void {
    const newest = segments.at(-1)?.real ?? -1;
    while (this.pending.length > 0 && newest >= this.pending[0]!.fromReal) this.epochs.push(this.pending.shift()!);
    for (const s of segments) {
      if (s.real <= this.maxSeenReal) continue;
      this.maxSeenReal = s.real;
      const stallMs = this.pendingStallMs.shift();
      if (stallMs !== undefined) this.stalls.set(s.real, now + stallMs);
      const host = this.pendingForeign.shift();
      if (host !== undefined) this.foreign.set(s.real, host);
    }
  }

  private uriOf(s: Segment, virtual: number): string {
    const ext = SEGMENT_NAME.exec(s.uri)?.[2] ?? 'ts';
    const host = this.foreign.get(s.real);
    return host === undefined ? `seg_${virtual}.${ext}` : `http://${host}/seg_${virtual}.${ext}`;
  }

  private remember(s: Segment, virtual: number, uri: string, now: number): void {
    const epoch = this.epochs.length - 1;
    const key = `${epoch}:${virtual}`;
    const known = this.seen.get(key);
    if (known !== undefined) {
      this.seen.set(key, { ...known, lastListedMs: now });
      return;
    }
    this.seen.set(key, {
      epoch,
      sequence: virtual,
      realSequence: s.real,
      uri,
      startMs: s.startMs,
      firstListedMs: now,
      lastListedMs: now,
    });
    if (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }

  /** Real sequence behind a virtual one: the newest epoch that covers it. */
  private realOf(virtual: number): number | undefined {
    for (let i = this.epochs.length - 1; i >= 0; i--) {
      const e = this.epochs[i]!;
      const real = virtual - e.offset;
      const end = this.epochs[i + 1]?.fromReal ?? Infinity;
      if (real >= e.fromReal && real < end) return real;
    }
    return undefined;
  }
}

/** ffmpeg's media playlist as header lines and segments (tags + URI, real sequence, PDT). */
export function splitPlaylist(text: string): { header: string[]; segments: Segment[] } {
  const header: string[] = [];
  const segments: Segment[] = [];
  let sequence = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(text)?.[1] ?? 0);
  let tags: string[] = [];
  let startMs: number | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (
      line.startsWith('#EXTINF') ||
      line.startsWith('#EXT-X-PROGRAM-DATE-TIME') ||
      line.startsWith('#EXT-X-DISCONTINUITY')
    ) {
      tags.push(line);
      if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) startMs = Date.parse(line.slice(25));
    } else if (line.startsWith('#')) {
      (segments.length === 0 && tags.length === 0 ? header : tags).push(line);
    } else {
      segments.push({ real: sequence++, tags, uri: line, startMs });
      tags = [];
      startMs = undefined;
    }
  }
  return { header, segments };
}
