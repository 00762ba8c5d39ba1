/**
 * Test helpers of @catfinder/vision (`@catfinder/vision/testing`): the Rekognition test server and
 * a detector asked once per distinct image.
 */
export { askedOncePerImage, type DetectsImages } from './asked-once-per-image';
export {
  startRekognitionEndpoint,
  type RecordedResponse,
  type ReceivedRequest,
  type RekognitionEndpoint,
  type RekognitionEndpointOptions,
} from '../local-endpoint';
