/** Test helpers of @catfinder/vision (`@catfinder/vision/testing`): the Rekognition test server. */
export {
  startRekognitionEndpoint,
  type RecordedResponse,
  type ReceivedRequest,
  type RekognitionEndpoint,
  type RekognitionEndpointOptions,
} from '../local-endpoint';
