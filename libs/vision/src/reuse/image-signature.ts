/**
 * A small perceptual signature of a sample picture, for "is this sample nearly identical to the
 * one before it?" (reuse-policy.ts). Two parts, both from greyscale thumbnails:
 * - a 64-bit difference hash (dHash: is each pixel of a 9x8 thumbnail brighter than its right
 *   neighbour) — robust to re-encoding, brightness and small zooms, and blind to small local change;
 * - a THUMB_SIDE² thumbnail of grey levels, compared region by region: how far the mean grey level
 *   of any REGION_SIDE² window (a quarter of the picture's width and height, at every position)
 *   moved, under the best of a few centred zooms. Something walking into the picture shifts the
 *   mean of the windows it covers; a slow camera zoom, re-encoding or noise barely does (a mean is
 *   insensitive to small misalignment, which a per-pixel difference is not), and neither does a
 *   thin moving line or a ticking counter (a few pixels of a 36-pixel window: the demo channel's
 *   animated test pattern).
 * The comparison is pure and unit-tested; only `imageSignature` decodes (jpeg-js, no native code).
 */
import { greyThumbnails } from './grey-thumbnail';

export const DHASH_WIDTH = 9;
export const DHASH_HEIGHT = 8;
export const THUMB_SIDE = 24;
/**
 * Side of the compared windows, in thumbnail pixels: 6 of 24, a quarter of the picture's width and
 * height. Measured on the demo channel (tests/reuse-policy.test.ts, libs/vision README "Reuse
 * rule"): windows this size keep the test pattern's moving line (≤ 11 levels over all 30 phases)
 * apart from a cat walking in (16–90 once a sixth of it is in); 4-pixel cells let the line reach
 * 22, the level of a cat a quarter in.
 */
export const REGION_SIDE = 6;

export interface ImageSignature {
  /** 64-bit dHash as a bigint. */
  dhash: bigint;
  /** THUMB_SIDE² grey levels 0..255, row-major. */
  thumb: Uint8Array;
}

export interface SignatureDistance {
  /** Differing dHash bits (0..64). */
  hashBits: number;
  /** Largest change of a window's mean grey level (0..255), after removing the global brightness shift, best zoom. */
  regionDelta: number;
}

/** dHash of a DHASH_WIDTH x DHASH_HEIGHT greyscale picture (row-major). */
export function differenceHash(grey: Uint8Array): bigint {
  if (grey.length !== DHASH_WIDTH * DHASH_HEIGHT)
    throw new RangeError(`differenceHash needs ${DHASH_WIDTH * DHASH_HEIGHT} grey values, got ${grey.length}`);
  let hash = 0n;
  for (let y = 0; y < DHASH_HEIGHT; y++) {
    for (let x = 0; x < DHASH_WIDTH - 1; x++) {
      const left = grey[y * DHASH_WIDTH + x]!;
      const right = grey[y * DHASH_WIDTH + x + 1]!;
      hash = (hash << 1n) | (left > right ? 1n : 0n);
    }
  }
  return hash;
}

export function hammingDistance(a: bigint, b: bigint): number {
  let x = a ^ b;
  let bits = 0;
  while (x > 0n) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}

/**
 * Zooms (about the centre) tried when comparing two thumbnails: a slow camera zoom is not a
 * change. Up to 1.32 because a sample is also compared with its anchor, which may be a few zoom
 * steps back (the demo channel zooms ×1.09 per 2 s sample, to at most 1.3 per scene).
 */
export const COMPARE_ZOOMS: readonly number[] = [0.92, 0.96, 1, 1.04, 1.08, 1.12, 1.16, 1.2, 1.24, 1.28, 1.32];

/**
 * `a` (THUMB_SIDE²) seen through a centred zoom `z` (> 1 = closer), bilinear; NaN where the
 * zoomed view falls outside `a` (a zoom-out has no pixels there).
 */
export function zoomThumb(a: Uint8Array, z: number): Float32Array {
  const n = THUMB_SIDE;
  const out = new Float32Array(n * n);
  const c = (n - 1) / 2;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const sx = c + (x - c) / z;
      const sy = c + (y - c) / z;
      if (sx < 0 || sy < 0 || sx > n - 1 || sy > n - 1) {
        out[y * n + x] = Number.NaN;
        continue;
      }
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy);
      const x1 = Math.min(n - 1, x0 + 1),
        y1 = Math.min(n - 1, y0 + 1);
      const fx = sx - x0,
        fy = sy - y0;
      const top = a[y0 * n + x0]! * (1 - fx) + a[y0 * n + x1]! * fx;
      const bottom = a[y1 * n + x0]! * (1 - fx) + a[y1 * n + x1]! * fx;
      out[y * n + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Summed-area table ((n+1)² entries, row-major) of `values` (n²). */
function summedArea(values: ArrayLike<number>, n: number): Float64Array {
  const table = new Float64Array((n + 1) * (n + 1));
  for (let y = 0; y < n; y++) {
    let row = 0;
    for (let x = 0; x < n; x++) {
      row += values[y * n + x]!;
      table[(y + 1) * (n + 1) + x + 1] = table[y * (n + 1) + x + 1]! + row;
    }
  }
  return table;
}

/**
 * Largest change of a window's mean grey level between two thumbnails, over every
 * REGION_SIDE²-pixel window (stride 1), after subtracting the whole picture's mean shift (a fade
 * or exposure change moves every window alike). Pixels that are NaN in `a` (outside a zoomed-out
 * view) are skipped; a window must be at least half seen.
 */
export function maxRegionDelta(a: ArrayLike<number>, b: Uint8Array): number {
  const n = THUMB_SIDE;
  if (a.length !== n * n || b.length !== n * n) throw new RangeError(`thumbnails must have ${n * n} grey values`);
  const diff = new Float64Array(n * n);
  const seen = new Float64Array(n * n);
  let shift = 0;
  let valid = 0;
  for (let i = 0; i < diff.length; i++) {
    if (Number.isNaN(a[i]!)) continue;
    diff[i] = b[i]! - a[i]!;
    seen[i] = 1;
    shift += diff[i]!;
    valid++;
  }
  shift = valid > 0 ? shift / valid : 0;
  const sums = summedArea(diff, n);
  const counts = summedArea(seen, n);
  const w = REGION_SIDE;
  const at = (t: Float64Array, x: number, y: number): number =>
    t[(y + w) * (n + 1) + x + w]! - t[y * (n + 1) + x + w]! - t[(y + w) * (n + 1) + x]! + t[y * (n + 1) + x]!;
  let worst = 0;
  for (let y = 0; y + w <= n; y++) {
    for (let x = 0; x + w <= n; x++) {
      const count = at(counts, x, y);
      if (count * 2 >= w * w) worst = Math.max(worst, Math.abs(at(sums, x, y) / count - shift));
    }
  }
  return worst;
}

/** The region delta under the best of COMPARE_ZOOMS (b compared with a zoomed a). */
export function zoomTolerantRegionDelta(a: Uint8Array, b: Uint8Array): number {
  let best = Number.POSITIVE_INFINITY;
  for (const z of COMPARE_ZOOMS) best = Math.min(best, maxRegionDelta(z === 1 ? a : zoomThumb(a, z), b));
  return best;
}

export function signatureDistance(a: ImageSignature, b: ImageSignature): SignatureDistance {
  return { hashBits: hammingDistance(a.dhash, b.dhash), regionDelta: zoomTolerantRegionDelta(a.thumb, b.thumb) };
}

/**
 * Decodes a sample JPEG into its signature: two tiny greyscale thumbnails (grey-thumbnail.ts, pure
 * JS). Rejects what it cannot decode (PNG, a broken or oversized JPEG): such a sample is sent.
 */
export async function imageSignature(bytes: Uint8Array): Promise<ImageSignature> {
  const [small, thumb] = greyThumbnails(bytes, [
    [DHASH_WIDTH, DHASH_HEIGHT],
    [THUMB_SIDE, THUMB_SIDE],
  ]);
  return { dhash: differenceHash(small!), thumb: thumb! };
}
