/** One real local detector per test file (loading the model once), shared by its scans. */
import { detectorLoader, type Detector } from '../../src/apps';

let shared: (() => Promise<Detector>) | undefined;

export function sharedDetector(): () => Promise<Detector> {
  shared ??= detectorLoader({ detector: 'local' });
  return shared;
}
