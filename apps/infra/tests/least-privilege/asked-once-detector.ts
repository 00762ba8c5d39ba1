import { type DetectLabelsOptions, type DetectLabelsResult, type LabelDetector } from '@catfinder/vision';
import { askedOncePerImage, type DetectsImages } from '@catfinder/vision/testing';

/**
 * The Rekognition endpoint's detector for the least-privilege run: the real `detector`, asked once
 * per distinct image bytes and options (parse and prekog send the same samples again, and the
 * model's answer for the same bytes does not change); every request still reaches the endpoint
 * and gets the real answer. An S3 reference goes to the real detector every time.
 */
export function askedOncePerImageAndOptions(detector: LabelDetector): LabelDetector {
  const byOptions = new Map<string, () => Promise<DetectsImages<DetectLabelsResult>>>();
  return {
    async detectLabels(image, options?: DetectLabelsOptions) {
      if (!(image instanceof Uint8Array)) return detector.detectLabels(image, options);
      const key = JSON.stringify(options ?? {});
      let load = byOptions.get(key);
      if (load === undefined) {
        load = askedOncePerImage(async () => ({
          detect: (bytes: Uint8Array) => detector.detectLabels(bytes, options),
        }));
        byOptions.set(key, load);
      }
      return (await load()).detect(image);
    },
  };
}
