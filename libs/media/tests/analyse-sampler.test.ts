import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removePaths } from '../src/index';
import { takeJpegs } from '../src/analyse/ffmpeg-log';
import { StreamingSampler } from '../src/analyse/sample-writer';
import { THUMB_BYTES } from '../src/analyse/sampling';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('media-sampler-test-');
});
afterAll(async () => {
  await removePaths(dir);
});

/** A JPEG-shaped byte string: SOI, an APP0 segment whose payload holds FF D9 (must be skipped by length), SOS, data, EOI. */
function fakeJpeg(tag: number): Buffer {
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x06,
    0xff,
    0xd9,
    tag,
    0x00,
    0xff,
    0xda,
    tag,
    tag,
    0xff,
    0x00,
    tag,
    0xff,
    0xd9,
  ]);
}

function thumb(value: number): Buffer {
  return Buffer.alloc(THUMB_BYTES, value);
}

/** Feed `bytes` in chunks of `size`. */
function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('takeJpegs', () => {
  it('returns complete JPEGs and where the incomplete one starts, whatever the chunking', () => {
    const stream = Buffer.concat([fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)]);
    for (const size of [1, 3, 7, stream.length]) {
      let pending = Buffer.alloc(0);
      const found: Buffer[] = [];
      for (const chunk of chunks(stream, size)) {
        pending = Buffer.concat([pending, chunk]);
        const { jpegs, consumed } = takeJpegs(pending);
        found.push(...jpegs.map((j) => Buffer.from(j)));
        pending = pending.subarray(consumed);
      }
      expect(found).toEqual([fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)]);
      expect(pending.length).toBe(0);
    }
  });
});

describe('StreamingSampler', () => {
  it('decides in candidate order whatever order the JPEG, thumbnail and score arrive in, and writes only accepted samples', async () => {
    const out = join(dir, 'order');
    await mkdir(out);
    const sampler = new StreamingSampler(out, thumb(100), 2.5);
    // Candidate 0 (interval) duplicates the previous segment's sample; 1 is a cut; 2 duplicates 1; 3 differs.
    const jpegStream = Buffer.concat([fakeJpeg(0), fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)]);
    const thumbStream = Buffer.concat([thumb(101), thumb(10), thumb(11), thumb(60)]);
    sampler.onCandidate({ index: 5, isCut: false });
    for (const c of chunks(thumbStream, 1000)) sampler.onThumbBytes(c);
    sampler.onCandidate({ index: 20, isCut: true });
    for (const c of chunks(jpegStream, 5)) sampler.onJpegBytes(c);
    expect(sampler.accepted.map((a) => a.index)).toEqual([20]);
    sampler.onCandidate({ index: 35, isCut: false });
    sampler.onCandidate({ index: 50, isCut: false });
    expect(await sampler.finish()).toEqual({ ok: true });
    expect(sampler.accepted.map((a) => a.index)).toEqual([20, 50]);
    expect(sampler.skipped).toEqual([5, 35]);
    expect([...(sampler.lastThumb ?? [])].slice(0, 2)).toEqual([60, 60]);
    expect((await readdir(out)).sort()).toEqual(['20.jpg', '50.jpg']);
    expect(await readFile(join(out, '50.jpg'))).toEqual(fakeJpeg(3));
  });

  it('reports missing parts, and discard removes every JPEG it wrote', async () => {
    const out = join(dir, 'discard');
    await mkdir(out);
    const sampler = new StreamingSampler(out, undefined, 2.5);
    sampler.onCandidate({ index: 0, isCut: false });
    sampler.onCandidate({ index: 30, isCut: false });
    sampler.onJpegBytes(Buffer.concat([fakeJpeg(0), fakeJpeg(1)]));
    sampler.onThumbBytes(thumb(0));
    const result = await sampler.finish();
    expect(result).toEqual({ ok: false, problem: '2 JPEGs and 1 thumbnails for 2 candidates' });
    expect(await readdir(out)).toEqual(['0.jpg']);
    await sampler.discard();
    expect(await readdir(out)).toEqual([]);
  });

  it('reindex renames written JPEGs to the frame log indices', async () => {
    const out = join(dir, 'reindex');
    await mkdir(out);
    const sampler = new StreamingSampler(out, undefined, 2.5);
    sampler.onCandidate({ index: 10, isCut: true });
    sampler.onCandidate({ index: 11, isCut: true });
    sampler.onCandidate({ index: 12, isCut: false });
    sampler.onJpegBytes(Buffer.concat([fakeJpeg(0), fakeJpeg(1), fakeJpeg(2)]));
    sampler.onThumbBytes(Buffer.concat([thumb(0), thumb(90), thumb(90)]));
    expect(await sampler.finish()).toEqual({ ok: true });
    // Each streamed index was one too low (names swap into each other's place: 10→11, 11→12).
    await sampler.reindex([11, 12, 13]);
    expect(sampler.accepted.map((a) => [a.index, a.jpegPath])).toEqual([
      [11, join(out, '11.jpg')],
      [12, join(out, '12.jpg')],
    ]);
    expect(sampler.skipped).toEqual([13]);
    expect((await readdir(out)).sort()).toEqual(['11.jpg', '12.jpg']);
    expect(await readFile(join(out, '11.jpg'))).toEqual(fakeJpeg(0));
    expect(await readFile(join(out, '12.jpg'))).toEqual(fakeJpeg(1));
  });
});
