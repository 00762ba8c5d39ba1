/**
 * What the pipeline said it did, from its structured log records, matched against what the origin
 * listed. A log record names a segment by its sequence number only; after an encoder restart the
 * same number means another segment, so a record is matched to the segment listed under that
 * number most recently before the record was written (or exactly, by start time, when the record
 * carries one).
 */
import type { ListedSegment } from '@catfinder/demo-channel';

export interface LogRecord {
  readonly level: string;
  readonly message: string;
  readonly atMs: number;
  readonly extra: Record<string, unknown>;
}

export interface Outcome {
  processed: number;
  /** Recorded as a gap / failure / refusal, with the reason. */
  recorded: string[];
}

const key = (s: ListedSegment): string => `${s.epoch}:${s.sequence}`;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class Ledger {
  readonly outcomes = new Map<string, Outcome>();
  refusals = 0;
  private readonly bySequence = new Map<number, ListedSegment[]>();

  constructor(private readonly listed: readonly ListedSegment[]) {
    for (const s of listed) {
      const list = this.bySequence.get(s.sequence) ?? [];
      list.push(s);
      this.bySequence.set(s.sequence, list);
    }
  }

  outcome(s: ListedSegment): Outcome {
    return this.outcomes.get(key(s)) ?? { processed: 0, recorded: [] };
  }

  /** Applies one log record. */
  apply(r: LogRecord): void {
    const seq = num(r.extra.sequence);
    if (/refus/i.test(r.message)) this.refusals++;
    if (r.message === 'segment processed' && seq !== undefined) return this.mark(seq, r, (o) => o.processed++);
    if (/segment failed; recorded|refus/i.test(r.message) && seq !== undefined)
      return this.mark(seq, r, (o) => o.recorded.push(r.message));
    const from = num(r.extra.fromSequence);
    const to = num(r.extra.toSequence);
    if (from === undefined || to === undefined) return;
    const reason = typeof r.extra.reason === 'string' ? r.extra.reason : r.message;
    for (const s of this.listed) {
      if (s.sequence >= from && s.sequence <= to && this.matches(s, s.sequence, r))
        this.touch(s, (o) => o.recorded.push(reason));
    }
  }

  private mark(seq: number, r: LogRecord, change: (o: Outcome) => void): void {
    const s = this.segmentFor(seq, r);
    if (s !== undefined) this.touch(s, change);
  }

  private touch(s: ListedSegment, change: (o: Outcome) => void): void {
    const o = this.outcome(s);
    change(o);
    this.outcomes.set(key(s), o);
  }

  /** The listed segment a record about `seq` means. */
  private segmentFor(seq: number, r: LogRecord): ListedSegment | undefined {
    const candidates = (this.bySequence.get(seq) ?? []).filter((s) => this.matches(s, seq, r));
    return candidates.sort((a, b) => b.firstListedMs - a.firstListedMs)[0];
  }

  private matches(s: ListedSegment, seq: number, r: LogRecord): boolean {
    const start = num(r.extra.startTime) ?? num(r.extra.startMs);
    if (start !== undefined && s.startMs !== undefined) return Math.abs(start - s.startMs) < 500 && s.sequence === seq;
    // Among numbers listed more than once, the most recent listing before the record (1 s slack).
    const newest = (this.bySequence.get(seq) ?? []).filter((c) => c.firstListedMs <= r.atMs + 1000);
    const best = newest.sort((a, b) => b.firstListedMs - a.firstListedMs)[0];
    return best === undefined ? false : best === s;
  }
}
