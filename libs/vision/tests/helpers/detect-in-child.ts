/**
 * Child-process entry for tests that need a second, independently initialised WASM backend
 * (the backend is process-wide): prints the raw detections of each fixture named in argv[3..]
 * as JSON, with the number of threads given in argv[2].
 */
import { createLocalDetector } from '../../src/index';
import { fixtureImage } from './fixtures';

const [threads, ...names] = process.argv.slice(2);
const detector = createLocalDetector({ threads: Number(threads) });
const result: Record<string, unknown> = { runtime: await detector.runtimeInfo() };
for (const name of names) result[name] = await detector.detectObjects(fixtureImage(name));
process.stdout.write(JSON.stringify(result));
