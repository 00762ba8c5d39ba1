/**
 * The one record shape of recognised faces, for both detectors: Amazon Rekognition's
 * `RecognizeCelebrities` response (`CelebrityFaces`, `UnrecognizedFaces`), with every field the
 * pipeline uses present. The offline "named faces" matcher answers in exactly this shape. As
 * stored, a face also carries its sample (frame, time, image): libs/store CelebritySightingInput.
 */
import type { BoundingBox, ImageInput } from '../types';

/** A face box as Rekognition's `ComparedFace` carries it (only the fields we use). */
export interface FaceBox {
  /** Ratios of the image's width and height. */
  BoundingBox: BoundingBox;
  /** 0..100: confidence that this box is a face. */
  Confidence: number;
}

/** One entry of `CelebrityFaces`. */
export interface CelebrityFace {
  Name: string;
  /** Rekognition's celebrity id; offline `named:<name>`. */
  Id: string;
  /** 0..100. Offline: 100 x the cosine similarity to the closest gallery photo. */
  MatchConfidence: number;
  /** Offline: the lines of `faces/<Name>/urls.txt`, if any. */
  Urls: string[];
  Face: FaceBox;
}

export interface RecognizeFacesResult {
  /** Recognised faces, highest MatchConfidence first. */
  CelebrityFaces: CelebrityFace[];
  /** Faces found but not recognised. */
  UnrecognizedFaces: FaceBox[];
}

/** The capability both detectors offer: who is in this picture. */
export interface FaceRecognizer {
  /** `rekognition` or `named-faces` (offline gallery). */
  readonly kind: 'rekognition' | 'named-faces';
  recognizeFaces(image: ImageInput): Promise<RecognizeFacesResult>;
}
