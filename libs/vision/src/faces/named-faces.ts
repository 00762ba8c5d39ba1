/**
 * The offline face recogniser: BlazeFace finds the faces, FaceRes describes them, and each face
 * is matched to the closest gallery photo by cosine similarity. Faces at or above the threshold
 * come back as `CelebrityFaces` (Rekognition's shape), the rest as `UnrecognizedFaces`.
 */
import { UnsupportedInputError, VisionError } from '../errors';
import { describeInput } from '../image/describe-input';
import type { ImageInput } from '../types';
import { createFaceModels, type EmbeddedFace, type FaceModels } from './face-models';
import { loadGallery, type GalleryPerson } from './gallery';
import { cosineSimilarity, matchConfidence, NAMED_FACE_MIN_SIMILARITY } from './similarity';
import type { CelebrityFace, FaceBox, FaceRecognizer, RecognizeFacesResult } from './types';

export interface NamedFaceRecognizerOptions {
  /** The gallery folder (`<dir>/<Name>/*.jpg`). */
  galleryDir: string;
  /**
   * Cosine similarity (0..1) at which a face is that person.
   * @default NAMED_FACE_MIN_SIMILARITY (0.6)
   */
  minSimilarity?: number;
  /** Reads an S3 object's bytes, so `{ S3Object }` inputs work locally. */
  readS3Object?: (bucket: string, key: string) => Promise<Uint8Array>;
  /** XNNPACK threads, as for the local detector (the first model loaded in the process decides). */
  threads?: number;
  /** Replaces the models (tests). */
  models?: FaceModels;
}

export interface NamedFaceRecognizer extends FaceRecognizer {
  /** Loads the models and the gallery now (otherwise the first call does). */
  warmUp(): Promise<GalleryPerson[]>;
}

export function createNamedFaceRecognizer(options: NamedFaceRecognizerOptions): NamedFaceRecognizer {
  const models = options.models ?? createFaceModels(options.threads === undefined ? {} : { threads: options.threads });
  const minSimilarity = options.minSimilarity ?? NAMED_FACE_MIN_SIMILARITY;
  if (!(minSimilarity > 0 && minSimilarity <= 1))
    throw new VisionError(`minSimilarity must be in (0, 1], got ${minSimilarity}`);
  let gallery: Promise<GalleryPerson[]> | undefined;
  const loadOnce = () => {
    gallery ??= loadGallery(options.galleryDir, models);
    gallery.catch(() => (gallery = undefined)); // a fixed gallery can be retried
    return gallery;
  };
  return {
    kind: 'named-faces',
    warmUp: loadOnce,
    async recognizeFaces(image: ImageInput): Promise<RecognizeFacesResult> {
      const people = await loadOnce();
      const bytes = await resolveBytes(image, options.readS3Object);
      const faces = await models.embedFaces(bytes, describeInput(image));
      return matchFaces(faces, people, minSimilarity);
    },
  };
}

/** Each face against every gallery photo; pure, so tests can feed it descriptors. */
export function matchFaces(
  faces: readonly EmbeddedFace[],
  people: readonly GalleryPerson[],
  minSimilarity: number,
): RecognizeFacesResult {
  const result: RecognizeFacesResult = { CelebrityFaces: [], UnrecognizedFaces: [] };
  for (const face of faces) {
    const box: FaceBox = { BoundingBox: face.box, Confidence: Math.round(face.score * 100_000) / 1000 };
    let best: { person: GalleryPerson; similarity: number } | undefined;
    for (const person of people) {
      for (const d of person.descriptors) {
        const similarity = cosineSimilarity(face.descriptor, d);
        if (!best || similarity > best.similarity) best = { person, similarity };
      }
    }
    if (best && best.similarity >= minSimilarity) {
      const celebrity: CelebrityFace = {
        Name: best.person.name,
        Id: `named:${best.person.name}`,
        MatchConfidence: matchConfidence(best.similarity),
        Urls: [...best.person.urls],
        Face: box,
      };
      result.CelebrityFaces.push(celebrity);
    } else {
      result.UnrecognizedFaces.push(box);
    }
  }
  result.CelebrityFaces.sort((a, b) => b.MatchConfidence - a.MatchConfidence);
  return result;
}

async function resolveBytes(
  image: ImageInput,
  readS3Object: NamedFaceRecognizerOptions['readS3Object'],
): Promise<Uint8Array> {
  if (image instanceof Uint8Array) return image;
  const input = describeInput(image);
  if (!readS3Object)
    throw new UnsupportedInputError(input, 'the named-faces recogniser was created without readS3Object');
  try {
    return await readS3Object(image.S3Object.Bucket, image.S3Object.Name);
  } catch (error) {
    throw new VisionError(`cannot read ${input}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
