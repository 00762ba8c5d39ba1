/**
 * The scan's stand-in for DynamoDB and S3: prekog's PrekogStore and libs/delta's ClipperStore
 * over memory and local files. Sample rows and segment facts are kept only inside a sliding
 * window (`prune`), so memory stays bounded whatever the input's length; parts are read from
 * the scan's work folder, and everything published lands under the output folder with the same
 * keys the store uses on S3 (`clips/…`, `feeds/…`, `samples/…`).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArchivedSegment, ClipRecord, ClipStatus, ClipUpdate, ClipperStore } from '@catfinder/delta';
import type { AppearanceClipState, ClipBounds, PrekogStore, SampleRow, SegmentFacts } from './apps';
import { CLIPS_FEED_KEY, segmentArchiveKey } from '@catfinder/store';
import { buildClipDays } from './outputs/clip-days';

/** A part as the store knows it: its facts and where its bytes are. */
export interface StoredPart extends SegmentFacts {
  readonly path: string;
  readonly durationSeconds: number;
}

const ALLOWED: Record<ClipStatus, readonly ClipStatus[]> = {
  pending: ['cutting', 'failed'],
  cutting: ['ready', 'failed'],
  ready: [],
  failed: [],
};

export class ScanMemoryStore implements PrekogStore, ClipperStore {
  private readonly parts = new Map<number, StoredPart>();
  private samples: SampleRow[] = [];
  private readonly appearances = new Map<string, AppearanceClipState>();
  private readonly clips = new Map<string, ClipRecord>();

  constructor(
    private readonly channel: string,
    private readonly outDir: string,
  ) {}

  addPart(part: StoredPart): void {
    this.parts.set(part.mediaSequence, part);
  }

  /** Sample rows of one part, in time order (parts arrive in order). */
  addSamples(rows: readonly SampleRow[]): void {
    this.samples.push(...rows);
  }

  /** Forgets parts and samples before `horizonMs`; returns the parts forgotten (their files may go). */
  prune(horizonMs: number): StoredPart[] {
    const dropped: StoredPart[] = [];
    for (const part of this.parts.values()) {
      const end = part.startTime + part.durationSeconds * 1000;
      if (end < horizonMs) {
        dropped.push(part);
        this.parts.delete(part.mediaSequence);
      }
    }
    const keepFrom = this.samples.findIndex((s) => s.time >= horizonMs);
    this.samples = keepFrom < 0 ? [] : this.samples.slice(keepFrom);
    return dropped;
  }

  /** Every part still held (the end of the scan removes their files). */
  heldParts(): StoredPart[] {
    return [...this.parts.values()];
  }

  clipRecords(): ClipRecord[] {
    return [...this.clips.values()];
  }

  // PrekogStore
  // A timeline break (damage, discontinuity) ends what bounds may reach: only samples of the
  // timeline holding `t` / `from` are returned, as the frames table only joins one live timeline.
  async samplesBefore(_channel: string, t: number, limit: number): Promise<SampleRow[]> {
    const timeline = this.timelineAt(t);
    return this.samples
      .filter((s) => s.time < t && this.timelineOf(s) === timeline)
      .reverse()
      .slice(0, limit);
  }
  async samplesAfter(_channel: string, from: number, to: number, limit: number): Promise<SampleRow[]> {
    const timeline = this.timelineAt(from);
    return this.samples.filter((s) => s.time > from && s.time <= to && this.timelineOf(s) === timeline).slice(0, limit);
  }
  async sampleAt(_channel: string, time: number, mediaSequence: number, index: number): Promise<SampleRow | undefined> {
    return this.samples.find(
      (s) => s.time === time && s.frame.mediaSequence === mediaSequence && s.frame.index === index,
    );
  }
  async segments(_channel: string, from: number, to: number): Promise<SegmentFacts[]> {
    return [...this.parts.values()]
      .filter((p) => p.mediaSequence >= from && p.mediaSequence <= to)
      .sort((a, b) => a.mediaSequence - b.mediaSequence);
  }
  async getAppearanceClip(
    _channel: string,
    label: string,
    appearanceId: string,
  ): Promise<AppearanceClipState | undefined> {
    return this.appearances.get(`${label}/${appearanceId}`);
  }
  async saveProvisionalBounds(
    _channel: string,
    label: string,
    appearanceId: string,
    bounds: ClipBounds,
  ): Promise<void> {
    this.appearances.set(`${label}/${appearanceId}`, {
      ...this.appearances.get(`${label}/${appearanceId}`),
      provisional: bounds,
    });
  }
  async saveClipId(_channel: string, label: string, appearanceId: string, clipId: string): Promise<void> {
    this.appearances.set(`${label}/${appearanceId}`, { ...this.appearances.get(`${label}/${appearanceId}`), clipId });
  }

  // ClipperStore
  async listArchivedSegments(_channel: string, from: number, to: number): Promise<ArchivedSegment[]> {
    return (await this.segments(this.channel, from, to)).map((p) => ({
      mediaSequence: p.mediaSequence,
      key: segmentArchiveKey(this.channel, p.mediaSequence, 'ts'),
      startTimeMs: p.startTime,
      duration: this.parts.get(p.mediaSequence)?.durationSeconds ?? 0,
      discontinuitySequence: p.discontinuitySequence,
    }));
  }
  async getObject(key: string): Promise<Uint8Array> {
    const part = [...this.parts.values()].find((p) => segmentArchiveKey(this.channel, p.mediaSequence, 'ts') === key);
    return readFile(part ? part.path : this.outPath(key));
  }
  async putObject(key: string, body: Uint8Array | string): Promise<void> {
    const path = this.outPath(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }
  async deleteObject(key: string): Promise<void> {
    await rm(this.outPath(key), { force: true });
  }
  async getClip(id: string): Promise<ClipRecord | undefined> {
    return this.clips.get(id);
  }
  async createClip(record: ClipRecord): Promise<{ created: boolean; clip: ClipRecord }> {
    const existing = this.clips.get(record.id);
    if (existing) return { created: false, clip: existing };
    this.clips.set(record.id, record);
    return { created: true, clip: record };
  }
  async updateClip(
    id: string,
    to: Exclude<ClipStatus, 'pending'>,
    update: ClipUpdate = {},
  ): Promise<ClipRecord | undefined> {
    const clip = this.clips.get(id);
    if (!clip || !ALLOWED[clip.status].includes(to)) return undefined;
    const next: ClipRecord = { ...clip, ...update, status: to };
    this.clips.set(id, next);
    return next;
  }
  async refreshClipsFeed(): Promise<void> {
    // Oldest first: a scan's clips read in programme order (the live feed lists newest first).
    const clips = this.clipRecords().sort((a, b) => a.start.localeCompare(b.start));
    const generatedAt = new Date();
    // The day pages first, so the index never names a page that is not written yet.
    for (const { key, feed } of buildClipDays(clips, generatedAt)) await this.putObject(key, JSON.stringify(feed));
    await this.putObject(
      CLIPS_FEED_KEY,
      JSON.stringify({ version: 1, generatedAt: generatedAt.toISOString(), clips }, null, 1),
    );
  }

  private timelineOf(row: SampleRow): number | undefined {
    return this.parts.get(row.frame.mediaSequence)?.discontinuitySequence;
  }

  private timelineAt(time: number): number | undefined {
    let found: StoredPart | undefined;
    for (const p of this.parts.values())
      if (p.startTime <= time && (!found || p.startTime > found.startTime)) found = p;
    return found?.discontinuitySequence;
  }

  private outPath(key: string): string {
    return join(this.outDir, ...key.split('/'));
  }
}
