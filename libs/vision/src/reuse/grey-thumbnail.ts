/**
 * Greyscale thumbnails of a JPEG in pure JS (jpeg-js), for the reuse signature: no native code, so
 * a Rekognition parse bundle (which must carry no sharp) keeps sample reuse.
 *
 * The recipe follows what sharp did before (libjpeg shrink-on-load to 1/8, then a Lanczos-3
 * reduction), so the signature's distances and the reuse thresholds stay where they were measured:
 * - decode at full size without the colour transform: channel 0 of each pixel is its luma (Y);
 * - average 8x8 blocks (the 1/8 scale a JPEG decoder can produce from DC coefficients alone);
 * - resample that to the thumbnail size with a Lanczos-3 kernel widened by the reduction factor.
 */
import jpeg from 'jpeg-js';

/** Samples are ≤ 640 px wide (libs/media); anything much larger is refused rather than decoded. */
const MAX_MEGAPIXELS = 4;
const MAX_MEMORY_MB = 64;
/** Largest block side averaged before resampling (libjpeg's smallest scale, 1/8). */
const MAX_BLOCK = 8;
const LANCZOS_LOBES = 3;

export interface GreyPlane {
  width: number;
  height: number;
  /** Grey level (0..255) of pixel (x, y) at `values[(y * width + x) * stride]`. */
  values: ArrayLike<number>;
  /** Values per pixel (3 for a decoded JPEG, whose channel 0 is the luma). @default 1 */
  stride?: number;
}

/** The luma plane of a JPEG (throws on anything jpeg-js cannot decode, e.g. PNG bytes). */
export function decodeJpegLuma(bytes: Uint8Array): GreyPlane {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    colorTransform: false,
    maxResolutionInMP: MAX_MEGAPIXELS,
    maxMemoryUsageInMB: MAX_MEMORY_MB,
  });
  const { width, height, data } = image;
  if (width < 1 || height < 1 || data.length !== width * height * 3)
    throw new RangeError(`JPEG decoded to ${data.length} values for ${width}x${height}`);
  return { width, height, values: data, stride: 3 };
}

/** Means of `block`-sided squares (the last row and column of blocks may be partial). */
export function blockMeans(plane: GreyPlane, block: number): GreyPlane {
  const stride = plane.stride ?? 1;
  const width = Math.ceil(plane.width / block);
  const height = Math.ceil(plane.height / block);
  const column = Int32Array.from({ length: plane.width }, (_, x) => Math.floor(x / block));
  const sums = new Float64Array(width * height);
  const counts = new Uint32Array(width * height);
  for (let y = 0; y < plane.height; y++) {
    const row = Math.floor(y / block) * width;
    let i = y * plane.width * stride;
    for (let x = 0; x < plane.width; x++, i += stride) {
      sums[row + column[x]!]! += plane.values[i]!;
      counts[row + column[x]!]!++;
    }
  }
  const values = new Float32Array(width * height);
  for (let i = 0; i < values.length; i++) values[i] = sums[i]! / counts[i]!;
  return { width, height, values };
}

function lanczos(x: number): number {
  const ax = Math.abs(x);
  if (ax >= LANCZOS_LOBES) return 0;
  if (ax < 1e-9) return 1;
  const px = Math.PI * ax;
  return (LANCZOS_LOBES * Math.sin(px) * Math.sin(px / LANCZOS_LOBES)) / (px * px);
}

/** Per output index along one axis: source indices (edge-clamped) and normalised weights. */
function axisTaps(source: number, target: number): Array<{ index: Int32Array; weight: Float32Array }> {
  const scale = source / target;
  const spread = Math.max(1, scale);
  return Array.from({ length: target }, (_, d) => {
    const centre = (d + 0.5) * scale - 0.5;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.ceil(centre - LANCZOS_LOBES * spread); s <= Math.floor(centre + LANCZOS_LOBES * spread); s++) {
      const w = lanczos((s - centre) / spread);
      if (w === 0) continue;
      index.push(Math.min(source - 1, Math.max(0, s)));
      weight.push(w);
    }
    const total = weight.reduce((a, b) => a + b, 0);
    return { index: Int32Array.from(index), weight: Float32Array.from(weight, (w) => w / total) };
  });
}

/** Separable Lanczos-3 resample of `plane` to width x height, rounded and clamped to 0..255. */
export function resampleGrey(plane: GreyPlane, width: number, height: number): Uint8Array {
  const stride = plane.stride ?? 1;
  const xs = axisTaps(plane.width, width);
  const ys = axisTaps(plane.height, height);
  const rows = new Float32Array(plane.height * width);
  for (let y = 0; y < plane.height; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = xs[x]!;
      let sum = 0;
      for (let k = 0; k < index.length; k++) sum += plane.values[(y * plane.width + index[k]!) * stride]! * weight[k]!;
      rows[y * width + x] = sum;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const { index, weight } = ys[y]!;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < index.length; k++) sum += rows[index[k]! * width + x]! * weight[k]!;
      out[y * width + x] = Math.max(0, Math.min(255, Math.round(sum)));
    }
  }
  return out;
}

/**
 * Greyscale thumbnails of a JPEG, one per requested size (stretched to fill, like sharp's
 * `fit: 'fill'`). Decodes once; blocks are averaged only as far as every size still has ≥ 1 block
 * per output pixel.
 */
export function greyThumbnails(
  bytes: Uint8Array,
  sizes: ReadonlyArray<readonly [width: number, height: number]>,
): Uint8Array[] {
  const plane = decodeJpegLuma(bytes);
  const fit = Math.min(...sizes.map(([w, h]) => Math.min(plane.width / w, plane.height / h)));
  const block = Math.max(1, Math.min(MAX_BLOCK, Math.floor(fit)));
  const shrunk = block > 1 ? blockMeans(plane, block) : plane;
  return sizes.map(([w, h]) => resampleGrey(shrunk, w, h));
}
