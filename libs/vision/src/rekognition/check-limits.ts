/**
 * Rekognition's input limits, checked before the call so a bad frame fails fast with a clear
 * message instead of a round trip and an `InvalidImageFormatException`.
 * Bytes: JPEG or PNG, at most 5 MB, each side 80..10,000 px. S3 objects: name and bucket shaped as
 * the API requires; the 15 MB S3 limit is left to the service (checking it needs S3 read access).
 * Headers are read in plain TypeScript, so this path (used on Lambda) needs no native module.
 */
import { REKOGNITION_LIMITS } from '../constants';
import { ImageLimitError, InvalidImageError } from '../errors';
import { describeInput } from '../image/describe-input';
import { readImageHeader } from '../image/read-image-header';
import type { ImageInput } from '../types';

const BUCKET_PATTERN = /^[0-9A-Za-z.\-_]{3,255}$/;
const ALLOWED_EXTENSIONS = new Set(['jpg', 'jpeg', 'png']);

export function checkRekognitionLimits(image: ImageInput): void {
  const input = describeInput(image);
  if (!(image instanceof Uint8Array)) {
    const { Bucket, Name } = image.S3Object ?? {};
    if (typeof Bucket !== 'string' || !BUCKET_PATTERN.test(Bucket)) {
      throw new InvalidImageError(
        input,
        'bad-argument',
        `S3 bucket name ${JSON.stringify(Bucket)} is not a valid bucket name`,
      );
    }
    if (typeof Name !== 'string' || Name.length === 0 || Name.length > 1024) {
      throw new InvalidImageError(input, 'bad-argument', 'S3 object name must be 1..1024 characters');
    }
    const extension = /\.([^./]+)$/.exec(Name)?.[1]?.toLowerCase();
    if (extension && !ALLOWED_EXTENSIONS.has(extension)) {
      throw new ImageLimitError(input, 'format', `.${extension}`, 'a .jpg, .jpeg or .png object');
    }
    return;
  }
  if (image.byteLength > REKOGNITION_LIMITS.maxBytes) {
    throw new ImageLimitError(
      input,
      'bytes',
      `${image.byteLength} bytes`,
      `at most ${REKOGNITION_LIMITS.maxBytes} bytes`,
    );
  }
  if (image.byteLength === 0) throw new InvalidImageError(input, 'empty', 'no bytes');
  const header = readImageHeader(image);
  if ('corrupt' in header)
    throw new InvalidImageError(input, 'undecodable', `${header.format} header: ${header.corrupt}`);
  if (!('width' in header)) throw new ImageLimitError(input, 'format', header.format, 'jpeg or png');
  const { width, height } = header;
  if (width === 0 || height === 0)
    throw new InvalidImageError(input, 'undecodable', `${header.format} header says ${width}x${height}`);
  const min = Math.min(width, height);
  const max = Math.max(width, height);
  if (min < REKOGNITION_LIMITS.minSide) {
    throw new ImageLimitError(
      input,
      'min-side',
      `${width}x${height}`,
      `each side at least ${REKOGNITION_LIMITS.minSide} px`,
    );
  }
  if (max > REKOGNITION_LIMITS.maxSide) {
    throw new ImageLimitError(
      input,
      'max-side',
      `${width}x${height}`,
      `each side at most ${REKOGNITION_LIMITS.maxSide} px`,
    );
  }
}
