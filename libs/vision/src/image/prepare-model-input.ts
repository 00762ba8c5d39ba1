/**
 * Turns image bytes into the CenterNet input: RGB, padded to a square (top-left anchored), then
 * resized to 512x512. Padding rather than stretching keeps the animal's proportions — a stretched
 * cat is classified as a dog.
 */
import sharp, { type Metadata } from 'sharp';
import { MAX_INPUT_PIXELS, MODEL_INPUT_SIZE } from '../constants';
import { InvalidImageError } from '../errors';

export interface ModelInput {
  /** size x size x 3 RGB bytes. */
  pixels: Buffer;
  size: number;
  /** Dimensions of the original image, after EXIF orientation. */
  width: number;
  height: number;
  /** Model pixels per original pixel (the same on both axes: aspect is preserved). */
  scale: number;
}

/** Probes the header: format and (oriented) dimensions, without decoding the pixels. */
export async function probeImage(
  bytes: Uint8Array,
  input: string,
): Promise<{ format: string; width: number; height: number }> {
  if (bytes.byteLength === 0) throw new InvalidImageError(input, 'empty', 'no bytes');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    throw new InvalidImageError(input, 'undecodable', `not a readable image (${firstLine(error)})`, { cause: error });
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!meta.format || !width || !height) {
    throw new InvalidImageError(input, 'undecodable', 'image header has no format or dimensions');
  }
  return { format: meta.format, width, height };
}

export async function prepareModelInput(
  bytes: Uint8Array,
  input: string,
  size = MODEL_INPUT_SIZE,
): Promise<ModelInput> {
  const { width, height } = await probeImage(bytes, input);
  if (width * height > MAX_INPUT_PIXELS) {
    throw new InvalidImageError(input, 'too-large', `${width}x${height} has more than ${MAX_INPUT_PIXELS} pixels`);
  }
  let pixels: Buffer;
  try {
    pixels = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      // Transparent areas become black, like the padding, instead of undefined colour.
      .flatten({ background: { r: 0, g: 0, b: 0 } })
      .toColourspace('srgb')
      .resize(size, size, { fit: 'contain', position: 'left top', background: { r: 0, g: 0, b: 0 } })
      .removeAlpha()
      .raw()
      .toBuffer();
  } catch (error) {
    throw new InvalidImageError(input, 'undecodable', `cannot decode (${firstLine(error)})`, { cause: error });
  }
  if (pixels.length !== size * size * 3) {
    throw new InvalidImageError(input, 'undecodable', `decoded to ${pixels.length} bytes, expected ${size * size * 3}`);
  }
  return { pixels, size, width, height, scale: size / Math.max(width, height) };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/** Grey around the second look's region (mid-grey reads as "no content" better than black). */
const SECOND_LOOK_BACKGROUND = { r: 114, g: 114, b: 114 };

/**
 * The second look's model input: `extract` of the (oriented) original, resized to `resized` and
 * padded with grey to `size`² as `second-look.ts` planned it. The bytes were decoded once already,
 * so a failure here is not the input's fault and is left to the caller.
 */
export async function prepareRegionInput(
  bytes: Uint8Array,
  plan: {
    extract: { left: number; top: number; width: number; height: number };
    resized: { width: number; height: number };
    pad: { left: number; top: number; right: number; bottom: number };
  },
  size = MODEL_INPUT_SIZE,
): Promise<Buffer> {
  const pixels = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
    .autoOrient()
    .flatten({ background: { r: 0, g: 0, b: 0 } })
    .toColourspace('srgb')
    .extract(plan.extract)
    .resize(plan.resized.width, plan.resized.height, { fit: 'fill' })
    .extend({ ...plan.pad, background: SECOND_LOOK_BACKGROUND })
    .removeAlpha()
    .raw()
    .toBuffer();
  if (pixels.length !== size * size * 3)
    throw new Error(`second look decoded to ${pixels.length} bytes, expected ${size * size * 3}`);
  return pixels;
}
