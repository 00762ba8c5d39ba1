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
export async function probeImage(bytes: Uint8Array, input: string): Promise<{ format: string; width: number; height: number }> {
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

export async function prepareModelInput(bytes: Uint8Array, input: string, size = MODEL_INPUT_SIZE): Promise<ModelInput> {
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
