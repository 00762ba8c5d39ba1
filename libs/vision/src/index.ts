/** Public entry point of @catfinder/vision: Rekognition-shaped label detection, on AWS and offline. */
export type {
  BoundingBox,
  Celebrity,
  DetectLabelsOptions,
  DetectLabelsResult,
  ImageInput,
  Instance,
  Label,
  LabelDetector,
  NamedRef,
  S3ImageRef,
} from './types';
export * from './errors';
export { mapBounded } from './concurrency';
export {
  DEFAULT_CAT_MIN_CONFIDENCE,
  DEFAULT_LOCAL_THREADS,
  DEFAULT_MIN_CONFIDENCE,
  LOCAL_MODEL_VERSION,
  MAX_LOCAL_THREADS,
  REKOGNITION_LIMITS,
} from './constants';
export { COCO_TAXONOMY, PARENT_PARENTS, taxonomyForClass, taxonomyForName, type TaxonomyEntry } from './taxonomy';
export { labelMatches, matchTrigger, type Trigger, type TriggerMatch } from './trigger';
export {
  autoThreads,
  createLocalDetector,
  type LocalDetector,
  type LocalDetectorOptions,
} from './local/local-detector';
export { calibratedConfidence, rawScoreFor, CLASS_OPERATING_SCORES, LOCAL_OPERATING_SCORE } from './local/calibration';
export type { RawDetection } from './local/centernet-decode';
export type { WasmRuntimeInfo } from './local/tfjs-runtime';
export { createRekognitionDetector, type RekognitionDetectorOptions } from './rekognition/rekognition-detector';
export { checkRekognitionLimits } from './rekognition/check-limits';
// The Rekognition test server is exported from `@catfinder/vision/testing`.
export {
  createDetectorFromEnv,
  detectorKindFromEnv,
  localThreadsFromEnv,
  type DetectorFromEnvOptions,
  type DetectorKind,
} from './detector-from-env';
export {
  createReusePolicy,
  reusePolicyFor,
  type DetectOutcome,
  type ReuseItem,
  type ReuseOutcome,
  type ReusePolicy,
} from './reuse/detect-with-reuse';
export {
  DEFAULT_REUSE_OPTIONS,
  planReuse,
  type ReuseDecision,
  type ReuseOptions,
  type ReuseSample,
  type ReuseState,
} from './reuse/reuse-policy';
export {
  differenceHash,
  hammingDistance,
  imageSignature,
  signatureDistance,
  type ImageSignature,
  type SignatureDistance,
} from './reuse/image-signature';
export type { DetectionStages } from './local/local-detector';
export type { CelebrityFace, FaceBox, FaceRecognizer, RecognizeFacesResult } from './faces/types';
export { GalleryError } from './faces/errors';
export {
  createNamedFaceRecognizer,
  matchFaces,
  type NamedFaceRecognizer,
  type NamedFaceRecognizerOptions,
} from './faces/named-faces';
export { loadGallery, PERSON_NAME, type GalleryPerson } from './faces/gallery';
export { createFaceModels, FACE_MIN_SCORE, type EmbeddedFace, type FaceModels } from './faces/face-models';
export { cosineSimilarity, matchConfidence, NAMED_FACE_MIN_SIMILARITY } from './faces/similarity';
export { createRekognitionFaceRecognizer, type RekognitionFaceRecognizerOptions } from './faces/rekognition-faces';
export {
  decideFaceCall,
  samePeople,
  FACE_CALL_MIN_BOX_IOU,
  FACE_CALL_PERSON_MIN_CONFIDENCE,
  type FaceBoundOptions,
  type FaceBoundSample,
  type FaceCallMemo,
  type FaceDecision,
} from './faces/face-bound';
export {
  matchObservation,
  matchPerson,
  type Observation,
  type ObservationMatch,
  type ObservationTrigger,
} from './faces/person-trigger';
export {
  createFaceRecognizerFromEnv,
  recognizeFacesFromEnv,
  type FaceRecognizerFromEnvOptions,
} from './faces/from-env';
