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
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { THREADED_WASM_START_TIMEOUT_MS } from '../constants';
import { ModelError } from '../errors';
import { installSpatialMeanAsAvgPool } from './mean-as-avg-pool';
import { createThreadedWasmBackend, THREADED_WASM_FILE } from './wasm-threads';

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

export interface WasmRuntimeInfo {
  /** The `.wasm` binary that runs the model. */
  wasmFile: string;
  /** XNNPACK threads (the calling thread included). */
  threads: number;
  /** Why threads were not used, when they were asked for but could not start. */
  threadsFallbackReason?: string;
}

let backendReady: Promise<WasmRuntimeInfo> | undefined;

/**
 * Initialises the WASM backend once per process (later calls share the first call's promise and
 * its thread count). With `threads` > 1 the threaded-SIMD build runs XNNPACK on that many threads
 * (wasm-threads.ts); if it cannot start, the single-threaded SIMD build is used instead.
 */
export function ensureBackend(threads = 1): Promise<WasmRuntimeInfo> {
  backendReady ??= (async () => {
    registerFileRouter();
    // Without usePlatformFetch the emscripten loader reads these paths with fs, so no network.
    setWasmPaths(wasmDirectory());
    tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
    // The package's own loader cannot start threads in Node; wasm-threads.ts does that instead.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tf.enableProdMode(); // skips per-op debug checks
    installSpatialMeanAsAvgPool();
    const info: WasmRuntimeInfo = { wasmFile: 'tfjs-backend-wasm-simd.wasm', threads: 1 };
    if (threads > 1) {
      const singleThreaded = tf.findBackendFactory('wasm');
      tf.removeBackend('wasm');
      tf.registerBackend(
        'wasm',
        async () => {
          try {
            const backend = await createThreadedWasmBackend(threads, wasmDirectory(), THREADED_WASM_START_TIMEOUT_MS);
            Object.assign(info, { wasmFile: THREADED_WASM_FILE, threads: getThreadsCount() });
            return backend;
          } catch (error) {
            info.threadsFallbackReason = error instanceof Error ? error.message : String(error);
            if (!singleThreaded) throw error;
            return singleThreaded();
          }
        },
        2,
      ); // the package registers wasm with priority 2
    }
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new ModelError('wasm backend', 'tf.setBackend("wasm") returned false');
    await tf.ready();
    return info;
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

/** Loads a graph model once per process per URL (the backend first, with `threads`). */
export function loadModelOnce(modelUrl: string, threads = 1): Promise<GraphModel> {
  let model = models.get(modelUrl);
  if (!model) {
    model = (async () => {
      await ensureBackend(threads);
      try {
        return await loadGraphModel(modelUrl);
      } catch (error) {
        throw error instanceof ModelError
          ? error
          : new ModelError(modelUrl, 'cannot load graph model', { cause: error });
      }
    })();
    // A failed load must not poison the cache: the next call retries.
    model.catch(() => models.delete(modelUrl));
    models.set(modelUrl, model);
  }
  return model;
}

export { tf };
