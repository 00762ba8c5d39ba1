import type { ImageInput } from '../types';

/** A short human-readable name for an input, used in error messages (never the bytes themselves). */
export function describeInput(image: ImageInput): string {
  if (image instanceof Uint8Array) return `${image.byteLength} bytes`;
  return `s3://${image.S3Object.Bucket}/${image.S3Object.Name}`;
}
