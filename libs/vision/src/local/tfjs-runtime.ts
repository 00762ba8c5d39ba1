/**
 * The TensorFlow.js runtime for the local detector: WASM backend (SIMD, files from the package
 * folder, never a CDN) and a load router so `file://` model URLs load from disk, which Node's
 * fetch cannot do. Everything here happens once per process.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ModelError } from '../errors';

const require = createRequire(import.meta.url);

/** Folder of the installed `@tensorflow/tfjs-backend-wasm` `.wasm` files (with trailing slash). */
export function wasmDirectory(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

/** `file://` URL of the CenterNet model that ships inside `@vladmandic/human`. */
export function defaultModelUrl(): string {
  // The package's exports hide package.json; its node entry lives in <root>/dist/.
  const root = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
  return pathToFileURL(path.join(root, 'models', 'centernet.json')).href;
}

let backendReady: Promise<void> | undefined;

/** Initialises the WASM backend once; later calls share the same promise. */
export function ensureBackend(): Promise<void> {
  backendReady ??= (async () => {
    registerFileRouter();
    // Without usePlatformFetch the emscripten loader reads these paths with fs, so no network.
    setWasmPaths(wasmDirectory());
    tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
    // Threads would need SharedArrayBuffer workers; one thread per process suits Lambda and 2-core hosts.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tf.enableProdMode(); // skips per-op debug checks
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new ModelError('wasm backend', 'tf.setBackend("wasm") returned false');
    await tf.ready();
  })();
  return backendReady;
}

let routerRegistered = false;

function registerFileRouter(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  tf.io.registerLoadRouter((url) => {
    const href = Array.isArray(url) ? url[0] : url;
    // The registry skips routers that return null; the IORouter type does not say so.
    return (typeof href === 'string' && href.startsWith('file://') ? fileHandler(href) : null) as tf.io.IOHandler;
  });
}

/** An IOHandler that reads a graph-model JSON and its weight shards from the local disk. */
export function fileHandler(modelUrl: string): tf.io.IOHandler {
  const modelPath = fileURLToPath(modelUrl);
  return {
    load: async () => {
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(modelPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new ModelError(modelPath, 'cannot read model JSON', { cause: error });
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const shard of group.paths) {
            const bytes = await readFile(path.join(path.dirname(modelPath), shard));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

const models = new Map<string, Promise<GraphModel>>();

/** Loads a graph model once per process per URL (the backend first). */
export function loadModelOnce(modelUrl: string): Promise<GraphModel> {
  let model = models.get(modelUrl);
  if (!model) {
    model = (async () => {
      await ensureBackend();
      try {
        return await loadGraphModel(modelUrl);
      } catch (error) {
        throw error instanceof ModelError ? error : new ModelError(modelUrl, 'cannot load graph model', { cause: error });
      }
    })();
    // A failed load must not poison the cache: the next call retries.
    model.catch(() => models.delete(modelUrl));
    models.set(modelUrl, model);
  }
  return model;
}

export { tf };
