/**
 * Decodes image bytes to RGB pixels (after EXIF orientation) for face crops, scaled down so the
 * longer side is at most `maxSide` — a 224 px face crop needs no more, and a 12 MP gallery photo
 * would otherwise become a 140 MB float tensor. Face boxes are ratios, so they stay valid.
 */
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../constants';
import { InvalidImageError } from '../errors';
import { probeImage } from '../image/prepare-model-input';

export interface RgbImage {
  /** width x height x 3 bytes, row-major. */
  pixels: Buffer;
  width: number;
  height: number;
}

export async function decodeRgb(bytes: Uint8Array, input: string, maxSide = 1280): Promise<RgbImage> {
  const { width, height } = await probeImage(bytes, input);
  if (width * height > MAX_INPUT_PIXELS)
    throw new InvalidImageError(input, 'too-large', `${width}x${height} has more than ${MAX_INPUT_PIXELS} pixels`);
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .flatten({ background: { r: 0, g: 0, b: 0 } })
      .toColourspace('srgb')
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { pixels: data, width: info.width, height: info.height };
  } catch (error) {
    throw new InvalidImageError(
      input,
      'undecodable',
      `cannot decode (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`,
      { cause: error },
    );
  }
}
