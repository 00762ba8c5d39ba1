/** Types shared by both detectors: the Amazon Rekognition `DetectLabels` shape, with every field present. */

/** Box as ratios (0..1) of the original image's width and height, as Rekognition returns it. */
export interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

export interface Instance {
  BoundingBox: BoundingBox;
  /** 0..100 */
  Confidence: number;
}

export interface NamedRef {
  Name: string;
}

export interface Label {
  Name: string;
  /** 0..100 */
  Confidence: number;
  Instances: Instance[];
  Parents: NamedRef[];
  Aliases: NamedRef[];
  Categories: NamedRef[];
}

export interface S3ImageRef {
  S3Object: { Bucket: string; Name: string };
}

/** Image bytes (JPEG or PNG; the local detector also accepts anything sharp decodes) or an S3 object. */
export type ImageInput = Uint8Array | S3ImageRef;

export interface DetectLabelsOptions {
  /**
   * Drop labels below this confidence (0..100).
   * @default 55 (as Rekognition)
   */
  MinConfidence?: number;
  /**
   * Return at most this many labels, highest confidence first.
   * @default unlimited (Rekognition's own default is 1000)
   */
  MaxLabels?: number;
}

/** A celebrity found by Rekognition's RecognizeCelebrities (only when asked for and a Person was seen). */
export interface Celebrity {
  Name: string;
  Id: string;
  /** 0..100 */
  MatchConfidence: number;
  Urls: string[];
  BoundingBox: BoundingBox | undefined;
}

export interface DetectLabelsResult {
  /** Sorted by Confidence, highest first. */
  Labels: Label[];
  /** e.g. `3.0` for Rekognition, `centernet-coco80/human-3.3.6` locally. */
  LabelModelVersion: string;
  /** Present only when celebrity recognition was enabled and a `Person` was found. */
  Celebrities?: Celebrity[];
}

/** The one interface both detectors implement. */
export interface LabelDetector {
  detectLabels(image: ImageInput, options?: DetectLabelsOptions): Promise<DetectLabelsResult>;
}
