import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  createReusePolicy,
  DEFAULT_REUSE_OPTIONS,
  differenceHash,
  hammingDistance,
  imageSignature,
  planReuse,
  signatureDistance,
  type DetectOutcome,
  type ImageSignature,
  type ReuseSample,
} from '../src/index';
import { blockMeans, greyThumbnails, resampleGrey } from '../src/reuse/grey-thumbnail';
import { DHASH_HEIGHT, DHASH_WIDTH, maxCellDelta, THUMB_SIDE, zoomThumb } from '../src/reuse/image-signature';
import { FIXTURE_DIR } from './helpers/fixtures';

/** A 640x360 demo-channel-like frame: the fixture letterboxed on a 1280x720 canvas, zoomed about the centre, optionally with a cat pasted in. */
async function frame(image: string, zoom = 1, cat?: { left: number; top: number; width: number }): Promise<Buffer> {
  let canvas = await sharp(path.join(FIXTURE_DIR, image))
    .flatten()
    .resize(1280, 720, { fit: 'contain', background: '#000' })
    .png()
    .toBuffer();
  if (cat) {
    const pasted = await sharp(path.join(FIXTURE_DIR, 'chelsea.png')).resize(cat.width).png().toBuffer();
    canvas = await sharp(canvas)
      .composite([{ input: pasted, left: cat.left, top: cat.top }])
      .png()
      .toBuffer();
  }
  const w = Math.round(1280 / zoom);
  const h = Math.round(720 / zoom);
  return sharp(canvas)
    .extract({ left: Math.round((1280 - w) / 2), top: Math.round((720 - h) / 2), width: w, height: h })
    .resize(640, 360)
    .jpeg({ quality: 80 })
    .toBuffer();
}

const flat = (v: number): ImageSignature => ({ dhash: 0n, thumb: new Uint8Array(THUMB_SIDE * THUMB_SIDE).fill(v) });
const sample = (signature: ImageSignature | undefined, time: number, isCut = false): ReuseSample => ({
  signature,
  time,
  isCut,
});

describe('image signature', () => {
  it('dHash sets a bit where a pixel is brighter than its right neighbour; Hamming counts differing bits', () => {
    const grey = new Uint8Array(DHASH_WIDTH * DHASH_HEIGHT).fill(100);
    expect(differenceHash(grey)).toBe(0n);
    grey[0] = 200; // first pixel brighter than its neighbour → the most significant bit
    expect(differenceHash(grey)).toBe(1n << 63n);
    expect(hammingDistance(0b1011n, 0b0110n)).toBe(3);
    expect(() => differenceHash(new Uint8Array(10))).toThrow(RangeError);
  });

  it('ignores a global brightness shift but not a change in one cell', () => {
    const a = new Uint8Array(THUMB_SIDE * THUMB_SIDE).fill(80);
    expect(maxCellDelta(a, new Uint8Array(a.length).fill(120))).toBe(0);
    const b = Uint8Array.from(a);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) b[y * THUMB_SIDE + x] = 240;
    expect(maxCellDelta(a, b)).toBeGreaterThan(100);
  });

  it('zoomThumb(1) is the identity and a zoom-out leaves NaN outside the picture', () => {
    const a = Uint8Array.from({ length: THUMB_SIDE * THUMB_SIDE }, (_, i) => i % 251);
    expect(Array.from(zoomThumb(a, 1))).toEqual(Array.from(a));
    expect(Number.isNaN(zoomThumb(a, 0.8)[0]!)).toBe(true);
  });

  it('on demo-channel frames: re-encoding and a 2 s slow-zoom step stay within the defaults, a cat walking in does not', async () => {
    for (const image of ['astronaut.png', 'coffee.png', 'rocket.jpg']) {
      const base = await imageSignature(await frame(image));
      const reencoded = signatureDistance(
        base,
        await imageSignature(
          await sharp(await frame(image))
            .jpeg({ quality: 40 })
            .toBuffer(),
        ),
      );
      expect(reencoded.hashBits).toBeLessThanOrEqual(2);
      expect(reencoded.cellDelta).toBeLessThan(3);
      const zoomed = signatureDistance(base, await imageSignature(await frame(image, 1.09)));
      expect(zoomed.hashBits).toBeLessThanOrEqual(DEFAULT_REUSE_OPTIONS.maxHashBits);
      expect(zoomed.cellDelta).toBeLessThanOrEqual(DEFAULT_REUSE_OPTIONS.maxCellDelta / 1.5);
      const catIn = signatureDistance(
        base,
        await imageSignature(await frame(image, 1, { left: 40, top: 400, width: 300 })),
      );
      expect(catIn.cellDelta).toBeGreaterThan(DEFAULT_REUSE_OPTIONS.maxCellDelta * 1.5);
    }
  });
});

describe('grey thumbnails (pure JS, no sharp)', () => {
  it('averages blocks and resamples a flat or ramped plane without shifting its levels', () => {
    const plane = { width: 20, height: 12, values: Float32Array.from({ length: 240 }, (_, i) => (i % 20) * 10) };
    const blocks = blockMeans(plane, 8);
    expect([blocks.width, blocks.height]).toEqual([3, 2]);
    expect(Array.from(blocks.values).slice(0, 3)).toEqual([35, 115, 175]); // the last block column is 4 px wide
    expect(Array.from(resampleGrey({ width: 5, height: 4, values: new Float32Array(20).fill(77) }, 3, 3))).toEqual(
      new Array(9).fill(77),
    );
  });

  it("stays within a few grey levels of sharp's thumbnails on demo-channel frames", async () => {
    for (const image of ['astronaut.png', 'coffee.png', 'rocket.jpg']) {
      const jpeg = await frame(image);
      const [ours] = greyThumbnails(jpeg, [[THUMB_SIDE, THUMB_SIDE]]);
      const theirs = await sharp(jpeg)
        .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'fill' })
        .toColourspace('b-w')
        .raw()
        .toBuffer();
      const meanAbs = ours!.reduce((sum, v, i) => sum + Math.abs(v - theirs[i]!), 0) / ours!.length;
      expect(meanAbs).toBeLessThan(4); // measured 0.96, 3.10, 2.09 (luma vs sharp's b-w conversion)
    }
  });

  it('decodes a greyscale JPEG, and rejects what is not a JPEG (such a sample is sent, see createReusePolicy)', async () => {
    const grey = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .greyscale()
      .jpeg()
      .toBuffer();
    expect((await imageSignature(grey)).thumb.every((v) => Math.abs(v - 128) <= 2)).toBe(true);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await expect(imageSignature(png)).rejects.toThrow();
    await expect(imageSignature(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3]))).rejects.toThrow();
  });
});

describe('planReuse', () => {
  it('calls the first sample, every cut, a changed picture and stale labels; reuses the rest from the last call', () => {
    const same = flat(100);
    const changed = flat(100);
    changed.thumb.fill(250, 0, THUMB_SIDE * 4);
    const decisions = planReuse(
      [
        sample(same, 0),
        sample(same, 2000),
        sample(same, 4000, true),
        sample(same, 6000),
        sample(changed, 8000),
        sample(changed, 10_000),
        sample(changed, 31_000),
      ],
      undefined,
      { maxReuseSeconds: 20 },
    );
    expect(decisions.map((d) => (d.action === 'call' ? d.reason : `reuse:${d.anchor}`))).toEqual([
      'first',
      'reuse:0',
      'cut',
      'reuse:2',
      'changed',
      'reuse:4',
      'stale',
    ]);
  });

  it('continues from the carried state of the previous batch, and never compares an undecodable sample', () => {
    const same = flat(90);
    const carried = { previous: sample(same, 0), anchorTime: 0 };
    const d = planReuse([sample(same, 2000), sample(undefined, 4000), sample(same, 6000), sample(same, 1000)], carried);
    expect(d.map((x) => (x.action === 'call' ? x.reason : `reuse:${x.anchor}`))).toEqual([
      'reuse:-1',
      'first',
      'first',
      'stale',
    ]);
  });
});

describe('createReusePolicy', () => {
  const detectCounting = () => {
    const calls: number[] = [];
    const detect = async (image: Uint8Array): Promise<DetectOutcome<string>> => {
      calls.push(image.byteLength);
      return { result: `labels of ${image.byteLength} bytes`, error: undefined };
    };
    return { calls, detect };
  };

  it('sends a scene once, reuses its labels across segments, and sends again at a cut', async () => {
    const cat = await frame('chelsea.png');
    const coffee = await frame('coffee.png');
    const policy = createReusePolicy<string>();
    const { calls, detect } = detectCounting();
    const first = await policy.detectAll(
      [
        { image: cat, isCut: true, time: 0 },
        { image: cat, isCut: false, time: 2000 },
        { image: cat, isCut: false, time: 4000 },
      ],
      2,
      detect,
    );
    expect(first.map((o) => o.reused)).toEqual([false, true, true]);
    expect(first.every((o) => o.result === `labels of ${cat.byteLength} bytes`)).toBe(true);
    const second = await policy.detectAll(
      [
        { image: cat, isCut: false, time: 6000 },
        { image: coffee, isCut: true, time: 8000 },
        { image: coffee, isCut: false, time: 10_000 },
      ],
      2,
      detect,
    );
    expect(second.map((o) => o.reused)).toEqual([true, false, true]);
    expect(second[2]?.result).toBe(`labels of ${coffee.byteLength} bytes`);
    expect(calls).toEqual([cat.byteLength, coffee.byteLength]);
  });

  it('sends every sample whose picture cannot be decoded for a signature (no reuse between them)', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#202020' } })
      .png()
      .toBuffer();
    const policy = createReusePolicy<string>();
    const { calls, detect } = detectCounting();
    const out = await policy.detectAll(
      [
        { image: png, isCut: true, time: 0 },
        { image: png, isCut: false, time: 2000 },
        { image: png, isCut: false, time: 4000 },
      ],
      2,
      detect,
    );
    expect(out.map((o) => [o.reused, o.decision.action === 'call' && o.decision.reason])).toEqual([
      [false, 'first'],
      [false, 'first'],
      [false, 'first'],
    ]);
    expect(calls).toHaveLength(3);
  });

  it('gives a sample its own call when the call it would reuse failed, and starts afresh after a failure', async () => {
    const cat = await frame('chelsea.png');
    let n = 0;
    const detect = async (): Promise<DetectOutcome<string>> =>
      n++ === 0 ? { result: undefined, error: 'throttled' } : { result: 'ok', error: undefined };
    const policy = createReusePolicy<string>();
    const out = await policy.detectAll(
      [
        { image: cat, isCut: true, time: 0 },
        { image: cat, isCut: false, time: 2000 },
      ],
      1,
      detect,
    );
    expect(out.map((o) => [o.result, o.error, o.reused])).toEqual([
      [undefined, 'throttled', false],
      ['ok', undefined, false],
    ]);
    expect(n).toBe(2);
  });
});
