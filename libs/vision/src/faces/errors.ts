/** Errors of the faces part of @catfinder/vision (all `VisionError`s). */
import { VisionError } from '../errors';

/** The named-faces gallery folder cannot be used; names the folder or file and what is wrong. Not retryable. */
export class GalleryError extends VisionError {
  override name = 'GalleryError';
  readonly retryable = false;
  /** The folder or file at fault. */
  readonly path: string;
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(`face gallery ${path}: ${detail}`, options);
    this.path = path;
  }
}
