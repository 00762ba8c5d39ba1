/**
 * Child-process entry for tests that need a second, independently initialised WASM backend
 * (the backend is process-wide): prints the raw detections of each fixture named in argv[3..]
 * as JSON. The detector comes from the environment, as apps build it, with
 * LOCAL_DETECTOR_THREADS = argv[2].
 */
import { createDetectorFromEnv, type LocalDetector } from '../../src/index';
import { fixtureImage } from './fixtures';

const [threads, ...names] = process.argv.slice(2);
const detector = createDetectorFromEnv({ DETECTOR: 'local', LOCAL_DETECTOR_THREADS: threads }) as LocalDetector;
const result: Record<string, unknown> = { runtime: await detector.runtimeInfo() };
for (const name of names) result[name] = await detector.detectObjects(fixtureImage(name));
process.stdout.write(JSON.stringify(result));
