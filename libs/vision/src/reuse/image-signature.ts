/**
 * A small perceptual signature of a sample picture, for "is this sample nearly identical to the
 * one before it?" (reuse-policy.ts). Two parts, both from greyscale thumbnails:
 * - a 64-bit difference hash (dHash: is each pixel of a 9x8 thumbnail brighter than its right
 *   neighbour) — robust to re-encoding, brightness and small zooms, and blind to small local change;
 * - a THUMB_SIDE² thumbnail of mean grey levels, compared cell by cell (CELLS_PER_SIDE² cells):
 *   how far each cell's mean grey level moved, under the best of a few centred zooms. A cat
 *   walking into one part of an otherwise unchanged picture moves its cells' means; a slow camera
 *   zoom or re-encoding barely does (a mean is insensitive to small misalignment, which a
 *   per-pixel difference is not: the demo channel's 2 s zoom step measured 10–28 levels per-pixel,
 *   ≤ 7 by cell means).
 * The comparison is pure and unit-tested; only `imageSignature` decodes (jpeg-js, no native code).
 */
import { greyThumbnails } from './grey-thumbnail';

export const DHASH_WIDTH = 9;
export const DHASH_HEIGHT = 8;
export const THUMB_SIDE = 24;
/** Cells per side of the local comparison (each covers THUMB_SIDE / CELLS_PER_SIDE pixels per side). */
export const CELLS_PER_SIDE = 6;

export interface ImageSignature {
  /** 64-bit dHash as a bigint. */
  dhash: bigint;
  /** THUMB_SIDE² grey levels 0..255, row-major. */
  thumb: Uint8Array;
}

export interface SignatureDistance {
  /** Differing dHash bits (0..64). */
  hashBits: number;
  /** Largest change of one cell's mean grey level (0..255), after removing the global brightness shift, best zoom. */
  cellDelta: number;
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

/** Zooms (about the centre) tried when comparing two thumbnails: a slow camera zoom is not a change. */
export const COMPARE_ZOOMS: readonly number[] = [0.92, 0.96, 1, 1.04, 1.08, 1.12];

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

/**
 * Largest change of a cell's mean grey level between two thumbnails (cells of
 * THUMB_SIDE / CELLS_PER_SIDE pixels per side), after subtracting the whole picture's mean shift
 * (a fade or exposure change moves every cell alike). Pixels that are NaN in `a` are skipped.
 */
export function maxCellDelta(a: ArrayLike<number>, b: Uint8Array): number {
  const n = THUMB_SIDE;
  if (a.length !== n * n || b.length !== n * n) throw new RangeError(`thumbnails must have ${n * n} grey values`);
  let shift = 0;
  let valid = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]!)) continue;
    shift += b[i]! - a[i]!;
    valid++;
  }
  shift = valid > 0 ? shift / valid : 0;
  const cell = n / CELLS_PER_SIDE;
  let worst = 0;
  for (let cy = 0; cy < CELLS_PER_SIDE; cy++) {
    for (let cx = 0; cx < CELLS_PER_SIDE; cx++) {
      let sum = 0;
      let count = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y++) {
        for (let x = cx * cell; x < (cx + 1) * cell; x++) {
          const av = a[y * n + x]!;
          if (Number.isNaN(av)) continue;
          sum += b[y * n + x]! - av - shift;
          count++;
        }
      }
      // A cell mostly outside the zoomed view says little; it must be at least half seen.
      if (count * 2 >= cell * cell) worst = Math.max(worst, Math.abs(sum / count));
    }
  }
  return worst;
}

/** The cell delta under the best of COMPARE_ZOOMS (b compared with a zoomed a). */
export function zoomTolerantCellDelta(a: Uint8Array, b: Uint8Array): number {
  let best = Number.POSITIVE_INFINITY;
  for (const z of COMPARE_ZOOMS) best = Math.min(best, maxCellDelta(z === 1 ? a : zoomThumb(a, z), b));
  return best;
}

export function signatureDistance(a: ImageSignature, b: ImageSignature): SignatureDistance {
  return { hashBits: hammingDistance(a.dhash, b.dhash), cellDelta: zoomTolerantCellDelta(a.thumb, b.thumb) };
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
