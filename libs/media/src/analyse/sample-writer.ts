import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { takeJpegs } from './ffmpeg-log';
import { isNearDuplicate, THUMB_BYTES } from './sampling';

/** A sample candidate as the graph reports it: its frame (found from its time) and whether it is a cut. */
export interface CandidateInfo {
  index: number;
  isCut: boolean;
}

export interface AcceptedSample extends CandidateInfo {
  jpegPath: string;
  /** Position among the candidates. */
  ordinal: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Applies the sampling rule to the candidates while ffmpeg is still decoding, and writes each
 * accepted sample's JPEG as soon as its three parts have arrived — the JPEG (stdout), the
 * thumbnail (fd 3) and the score line (stderr) — so the file writes overlap the decode instead
 * of following it. Candidates are decided strictly in order (each one's reference is the
 * previous accepted sample). Call {@link finish} after a successful run, {@link discard} after a
 * failed one (removes every file written).
 */
export class StreamingSampler {
  private jpegBytes: Buffer = EMPTY;
  private thumbBytes: Buffer = EMPTY;
  private readonly jpegs: Buffer[] = [];
  private readonly thumbs: Uint8Array[] = [];
  private readonly infos: CandidateInfo[] = [];
  private next = 0;
  private reference: Uint8Array | undefined;
  private readonly writes: Array<Promise<void>> = [];
  private readonly written: string[] = [];
  accepted: AcceptedSample[] = [];
  skipped: number[] = [];
  private skippedOrdinals: number[] = [];

  constructor(
    private readonly outputDir: string,
    previousThumb: Uint8Array | undefined,
    private readonly duplicateThreshold: number,
  ) {
    this.reference = previousThumb;
  }

  /** Every candidate seen so far, in order. */
  get candidates(): readonly CandidateInfo[] {
    return this.infos;
  }

  /** Thumbnail of the last accepted sample (the reference for the next segment's first candidate). */
  get lastThumb(): Uint8Array | undefined {
    return this.reference;
  }

  onJpegBytes(chunk: Buffer): void {
    this.jpegBytes = this.jpegBytes.length > 0 ? Buffer.concat([this.jpegBytes, chunk]) : chunk;
    const { jpegs, consumed } = takeJpegs(this.jpegBytes);
    // Copy out of the (reused) chunk buffers: a JPEG may be kept until its other parts arrive.
    for (const jpeg of jpegs) this.jpegs.push(Buffer.from(jpeg));
    this.jpegBytes = Buffer.from(this.jpegBytes.subarray(consumed));
    this.pump();
  }

  onThumbBytes(chunk: Buffer): void {
    let bytes = this.thumbBytes.length > 0 ? Buffer.concat([this.thumbBytes, chunk]) : chunk;
    while (bytes.length >= THUMB_BYTES) {
      this.thumbs.push(new Uint8Array(bytes.subarray(0, THUMB_BYTES)));
      bytes = bytes.subarray(THUMB_BYTES);
    }
    this.thumbBytes = Buffer.from(bytes);
    this.pump();
  }

  onCandidate(info: CandidateInfo): void {
    this.infos.push(info);
    this.pump();
  }

  private pump(): void {
    while (this.next < this.infos.length && this.next < this.jpegs.length && this.next < this.thumbs.length) {
      const c = this.next++;
      const info = this.infos[c] as CandidateInfo;
      const thumb = this.thumbs[c] as Uint8Array;
      const jpeg = this.jpegs[c] as Buffer;
      this.jpegs[c] = EMPTY; // not needed any more
      if (isNearDuplicate(info.isCut, thumb, this.reference, this.duplicateThreshold)) {
        this.skipped.push(info.index);
        this.skippedOrdinals.push(c);
        continue;
      }
      this.reference = thumb;
      const jpegPath = join(this.outputDir, `${info.index}.jpg`);
      this.written.push(jpegPath);
      // Errors surface in finish(); the catch only keeps an early failure from being "unhandled".
      const write = writeFile(jpegPath, jpeg);
      write.catch(() => undefined);
      this.writes.push(write);
      this.accepted.push({ ...info, jpegPath, ordinal: c });
    }
  }

  /**
   * After ffmpeg exited cleanly: check that every candidate got its JPEG and thumbnail (and
   * nothing is left over), and wait for the writes.
   */
  async finish(): Promise<{ ok: true } | { ok: false; problem: string }> {
    await Promise.all(this.writes);
    const n = this.infos.length;
    if (
      this.next !== n ||
      this.jpegs.length !== n ||
      this.thumbs.length !== n ||
      this.jpegBytes.length > 0 ||
      this.thumbBytes.length > 0
    ) {
      return {
        ok: false,
        problem: `${this.jpegs.length} JPEGs and ${this.thumbs.length} thumbnails for ${n} candidates`,
      };
    }
    return { ok: true };
  }

  /**
   * Give the candidates the frame indices of the complete frame log (`indices[ordinal]`) when the
   * streamed ones (found from each candidate's time) differ — e.g. irregular timestamps — renaming
   * the JPEGs written under the old names. Call after {@link finish}.
   */
  async reindex(indices: readonly number[]): Promise<void> {
    const moves = this.accepted.filter((a) => indices[a.ordinal] !== a.index);
    const temps = await Promise.all(
      moves.map(async (a, i) => {
        const temp = join(this.outputDir, `.reindex-${process.pid}-${i}.jpg`);
        await rename(a.jpegPath, temp);
        this.written.push(temp);
        return temp;
      }),
    );
    this.accepted = await Promise.all(
      this.accepted.map(async (a) => {
        const at = moves.indexOf(a);
        if (at < 0) return a;
        const index = indices[a.ordinal] ?? a.index;
        const jpegPath = join(this.outputDir, `${index}.jpg`);
        await rename(temps[at] as string, jpegPath);
        this.written.push(jpegPath);
        return { ...a, index, jpegPath };
      }),
    );
    this.skipped = this.skippedOrdinals.map((c, i) => indices[c] ?? this.skipped[i] ?? -1);
  }

  /** Remove every JPEG written (after a failed run): nothing is left behind for bad input. */
  async discard(): Promise<void> {
    await Promise.allSettled(this.writes);
    await Promise.all(this.written.map((p) => rm(p, { force: true })));
  }
}
