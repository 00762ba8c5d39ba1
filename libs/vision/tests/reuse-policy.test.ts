import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
import {
  DHASH_HEIGHT,
  DHASH_WIDTH,
  maxRegionDelta,
  REGION_SIDE,
  THUMB_SIDE,
  zoomThumb,
} from '../src/reuse/image-signature';
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

  it('ignores a global brightness shift but not a change in one region; a thin line moves a region little', () => {
    const a = new Uint8Array(THUMB_SIDE * THUMB_SIDE).fill(80);
    expect(maxRegionDelta(a, new Uint8Array(a.length).fill(120))).toBe(0);
    const blob = Uint8Array.from(a);
    for (let y = 10; y < 10 + REGION_SIDE; y++)
      for (let x = 3; x < 3 + REGION_SIDE; x++) blob[y * THUMB_SIDE + x] = 240;
    // The whole window moved by 160, less the picture's mean shift (160 × 36/576 = 10).
    expect(maxRegionDelta(a, blob)).toBeCloseTo(150, 5);
    // The same 36 changed pixels as a one-pixel line across the picture: at most 6 of a window's 36.
    const line = Uint8Array.from(a);
    for (let x = 0; x < THUMB_SIDE; x++) line[12 * THUMB_SIDE + x] = 240;
    expect(maxRegionDelta(a, line)).toBeLessThan(160 / 6);
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
      expect(reencoded.regionDelta).toBeLessThan(3);
      const zoomed = signatureDistance(base, await imageSignature(await frame(image, 1.09)));
      expect(zoomed.hashBits).toBeLessThanOrEqual(DEFAULT_REUSE_OPTIONS.maxHashBits);
      expect(zoomed.regionDelta).toBeLessThanOrEqual(DEFAULT_REUSE_OPTIONS.maxRegionDelta / 1.5);
      const catIn = signatureDistance(
        base,
        await imageSignature(await frame(image, 1, { left: 40, top: 400, width: 300 })),
      );
      expect(catIn.regionDelta).toBeGreaterThan(DEFAULT_REUSE_OPTIONS.maxRegionDelta * 1.5);
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
    const carried = { previous: sample(same, 0), anchor: sample(same, 0) };
    const d = planReuse([sample(same, 2000), sample(undefined, 4000), sample(same, 6000), sample(same, 1000)], carried);
    expect(d.map((x) => (x.action === 'call' ? x.reason : `reuse:${x.anchor}`))).toEqual([
      'reuse:-1',
      'first',
      'first',
      'stale',
    ]);
  });
});

describe("the rule on the demo channel's own samples (fixtures/reuse, SOURCES.md)", () => {
  const REUSE_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'reuse');
  const signed = async (file: string, seconds: number, isCut = false): Promise<ReuseSample> => ({
    signature: await imageSignature(readFileSync(path.join(REUSE_FIXTURES, file))),
    time: seconds * 1000,
    isCut,
  });
  const reasons = (decisions: ReturnType<typeof planReuse>): string[] =>
    decisions.map((d) => (d.action === 'call' ? d.reason : `reuse:${d.anchor}`));

  it("reuses the animated test pattern's labels: its moving line and counter are not a change", async () => {
    // As the channel samples it (cut, then 2 s later), and at the phase that moves a window most.
    for (const [first, second] of [
      ['pattern-00.00.jpg', 'pattern-02.00.jpg'],
      ['pattern-frame-028.jpg', 'pattern-frame-088.jpg'],
    ] as const) {
      const decisions = planReuse([await signed(first, 0, true), await signed(second, 2)], undefined);
      expect(reasons(decisions), `${first} → ${second}`).toEqual(['first', 'reuse:0']);
      const { distance } = decisions[1] as Extract<(typeof decisions)[number], { action: 'reuse' }>;
      // Measured 6.7 and 11.1 levels (a cat walking in: 16–90): the pattern changes in thin lines.
      expect(distance.regionDelta).toBeLessThan(DEFAULT_REUSE_OPTIONS.maxRegionDelta);
      expect(distance.hashBits).toBe(0);
    }
  });

  it('sends the sample where the cat walks into the still coffee scene, and reuses the settled cat after it', async () => {
    const samples = [
      await signed('walk-in-20.50-cut.jpg', 20.5, true),
      await signed('walk-in-22.50.jpg', 22.5),
      await signed('walk-in-24.50.jpg', 24.5),
      await signed('walk-in-26.50.jpg', 26.5),
      await signed('walk-in-28.50.jpg', 28.5),
    ];
    const decisions = planReuse(samples, undefined);
    expect(reasons(decisions)).toEqual(['first', 'reuse:0', 'changed', 'changed', 'reuse:3']);
    // A third of the cat in moves a window by 41 levels: three times the limit, not a near miss.
    const walkIn = decisions[2] as Extract<(typeof decisions)[number], { action: 'call' }>;
    expect(walkIn.distance!.regionDelta).toBeGreaterThan(3 * DEFAULT_REUSE_OPTIONS.maxRegionDelta);
  });

  it("reuses a still scene's labels under the slow zoom, against the previous sample and against the anchor", async () => {
    const decisions = planReuse(
      [
        await signed('astronaut-03.00-cut.jpg', 3, true),
        await signed('astronaut-05.00.jpg', 5),
        await signed('astronaut-07.00.jpg', 7),
      ],
      undefined,
    );
    expect(reasons(decisions)).toEqual(['first', 'reuse:0', 'reuse:0']);
    // 7.00 against its anchor (the cut, ×1.18 zoom apart) — measured 7.1.
    const last = decisions[2] as Extract<(typeof decisions)[number], { action: 'reuse' }>;
    expect(last.anchorDelta).toBeLessThan(DEFAULT_REUSE_OPTIONS.maxRegionDelta / 1.5);
  });

  it('reuses across sensor-like noise on a still (pseudo-random ±12 levels per pixel)', async () => {
    const still = readFileSync(path.join(REUSE_FIXTURES, 'walk-in-22.50.jpg'));
    const { data, info } = await sharp(still).raw().toBuffer({ resolveWithObject: true });
    let seed = 1;
    const noise = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0), ((seed >>> 16) % 25) - 12);
    const noisy = Buffer.from(Uint8ClampedArray.from(data, (v) => v + noise()));
    const jpeg = await sharp(noisy, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .jpeg({ quality: 80 })
      .toBuffer();
    const decisions = planReuse(
      [await signed('walk-in-22.50.jpg', 0, true), { signature: await imageSignature(jpeg), time: 2000, isCut: false }],
      undefined,
    );
    expect(reasons(decisions)).toEqual(['first', 'reuse:0']);
  });
});

describe('planReuse against the anchor', () => {
  it('sends a change that creeps in below the limit per sample once it adds up against the anchor', () => {
    // A window brightening by 8 levels per sample: 7.5 from the previous sample each time (less
    // the picture's mean shift), 15 from the anchor after two samples.
    const step = (level: number): ImageSignature => {
      const s = flat(100);
      for (let y = 0; y < REGION_SIDE; y++) s.thumb.fill(level, y * THUMB_SIDE, y * THUMB_SIDE + REGION_SIDE);
      return s;
    };
    const decisions = planReuse(
      [sample(step(100), 0, true), sample(step(108), 2000), sample(step(116), 4000)],
      undefined,
    );
    expect(decisions.map((d) => (d.action === 'call' ? d.reason : `reuse:${d.anchor}`))).toEqual([
      'first',
      'reuse:0',
      'changed',
    ]);
    const creep = decisions[2] as Extract<(typeof decisions)[number], { action: 'call' }>;
    expect(creep.distance!.regionDelta).toBeCloseTo(7.5, 5);
    expect(creep.anchorDelta).toBeCloseTo(15, 5);
  });

  it('carries the anchor to the next batch: the creep is seen across segments too', () => {
    const step = (level: number): ImageSignature => {
      const s = flat(100);
      for (let y = 0; y < REGION_SIDE; y++) s.thumb.fill(level, y * THUMB_SIDE, y * THUMB_SIDE + REGION_SIDE);
      return s;
    };
    const carried = { previous: sample(step(108), 2000), anchor: sample(step(100), 0, true) };
    const decisions = planReuse([sample(step(116), 4000)], carried);
    expect(decisions[0]).toMatchObject({ action: 'call', reason: 'changed' });
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
