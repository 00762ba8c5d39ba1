/**
 * The archive step on the S3 stand-in (s3rver) through the real ParseStore adapter: a segment is
 * uploaded from its file (a file body, never its bytes), byte-identical; an fMP4 segment that
 * carries its init section has only that section read — archived once under its own key — and
 * the rest uploaded from just after it. (The retry of a cut-off file upload is libs/store's test.)
 */
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileBody, Store } from '@catfinder/store';
import { testStore } from '../helpers/stand-ins';
import { renderTestSegment } from '../helpers/test-segment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveSegment, readLeadingInit } from '../../src/archive-segment';
import type { LiveSegment, ParseStore } from '../../src/ports';
import { createParseStore } from '../../src/store-adapter';

let store: Store;
let stopStore: (() => Promise<void>) | undefined;
let work: string;
let fmp4: Buffer;

/** Every putObject, by kind of body, passed on to the real adapter. */
function recording(adapter: ParseStore): {
  store: Pick<ParseStore, 'putObject'>;
  puts: { key: string; body: 'bytes' | FileBody; contentType: string }[];
} {
  const puts: { key: string; body: 'bytes' | FileBody; contentType: string }[] = [];
  return {
    puts,
    store: {
      putObject: async (key, body, contentType) => {
        puts.push({ key, body: body instanceof Uint8Array ? 'bytes' : body, contentType });
        await adapter.putObject(key, body, contentType);
      },
    },
  };
}

function segment(mediaSequence: number, extension: string): LiveSegment {
  return {
    mediaSequence,
    epoch: 0,
    uri: `seg${mediaSequence}.${extension}`,
    duration: 1,
    discontinuitySequence: 0,
    startTime: 1_780_000_000_000 + mediaSequence * 1000,
    clock: 'program-date-time',
    firstSeenAt: 1_780_000_000_000,
    extension,
  };
}

/** The real adapter over the stand-ins (feeds are not this test's business). */
const adapter = (): ParseStore => createParseStore({ ...store, publishFeeds: async () => undefined });

const stored = async (key: string): Promise<Buffer> => Buffer.from((await store.objects.getBytes(key)) ?? []);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'catfinder-parse-archive-'));
  ({ store, stop: stopStore } = await testStore());
  const out = join(work, 'source.mp4');
  await renderTestSegment(out, 'fmp4');
  fmp4 = await readFile(out);
});

afterAll(async () => {
  await stopStore?.();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('archiveSegment on the S3 stand-in', () => {
  it('uploads an MPEG-TS segment from its file, byte-identical, and leaves the file for the analysis', async () => {
    const bytes = randomBytes(188 * 6000);
    for (let i = 0; i < bytes.length; i += 188) bytes[i] = 0x47;
    const fetched = join(work, 'fetched-7.ts');
    await writeFile(fetched, bytes);
    const rawPath = join(work, '7.ts');
    const r = recording(adapter());
    const result = await archiveSegment(
      { channel: 'demo', segment: segment(7, 'ts'), path: fetched, workDir: work },
      rawPath,
      r.store,
    );
    expect(result).toEqual({ archiveKey: 'segments/demo/7.ts' });
    expect(r.puts).toEqual([
      { key: 'segments/demo/7.ts', body: { path: rawPath, start: 0 }, contentType: 'video/mp2t' },
    ]);
    expect((await stored('segments/demo/7.ts')).equals(bytes)).toBe(true);
    expect((await readFile(rawPath)).equals(bytes)).toBe(true);
  });

  it('splits an fMP4 segment at the end of its moov: init archived once, the media part streamed from there', async () => {
    const moovEnd = (await readLeadingInit(await writeTo('probe.mp4', fmp4), 'probe'))!.byteLength;
    expect(moovEnd).toBeGreaterThan(0);
    expect(fmp4.toString('latin1', moovEnd + 4, moovEnd + 8)).toBe('moof');
    const r = recording(adapter());
    const first = await archiveSegment(
      { channel: 'cmaf', segment: segment(3, 'm4s'), path: await writeTo('fetched-3.m4s', fmp4), workDir: work },
      join(work, '3.m4s'),
      r.store,
    );
    const second = await archiveSegment(
      { channel: 'cmaf', segment: segment(4, 'm4s'), bytes: fmp4, workDir: work },
      join(work, '4.m4s'),
      r.store,
    );
    expect(first.initKey).toMatch(/^segments\/cmaf\/init\/[0-9a-f]{16}\.mp4$/);
    expect(second.initKey).toBe(first.initKey);
    expect(r.puts.map((p) => [p.key, p.body])).toEqual([
      [first.initKey, 'bytes'],
      ['segments/cmaf/3.m4s', { path: join(work, '3.m4s'), start: moovEnd }],
      ['segments/cmaf/4.m4s', { path: join(work, '4.m4s'), start: moovEnd }],
    ]);
    expect((await stored(first.initKey!)).equals(fmp4.subarray(0, moovEnd))).toBe(true);
    expect((await readFile(first.initPath!)).equals(fmp4.subarray(0, moovEnd))).toBe(true);
    for (const key of ['segments/cmaf/3.m4s', 'segments/cmaf/4.m4s'])
      expect((await stored(key)).equals(fmp4.subarray(moovEnd))).toBe(true);
  });

  it('archives a bare fragment, an init-only file and non-media bytes whole', async () => {
    const moovEnd = (await readLeadingInit(await writeTo('probe2.mp4', fmp4), 'probe'))!.byteLength;
    expect(await readLeadingInit(await writeTo('fragment.m4s', fmp4.subarray(moovEnd)), 'fragment')).toBeUndefined();
    expect(await readLeadingInit(await writeTo('init.mp4', fmp4.subarray(0, moovEnd)), 'init')).toBeUndefined();
    expect(
      await readLeadingInit(await writeTo('text.ts', Buffer.from('not a segment at all')), 'text'),
    ).toBeUndefined();
    // A box declaring more bytes than the file has: not split here; the analysis names the problem.
    const cut = Buffer.from(fmp4.subarray(0, 200));
    expect(await readLeadingInit(await writeTo('cut.mp4', cut), 'cut')).toBeUndefined();
    await expect(access(join(work, 'cut.mp4'))).resolves.toBeUndefined();
  });
});

async function writeTo(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(work, name);
  await writeFile(path, bytes);
  return path;
}
