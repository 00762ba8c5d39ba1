/**
 * Multi-threaded XNNPACK for the TensorFlow.js WASM backend in Node.
 *
 * tfjs-backend-wasm 4.22 never uses threads in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is
 * false whenever IS_NODE, tensorflow/tfjs#3830): its loader gives the pthread workers Blob URLs,
 * which `worker_threads` cannot load. The emscripten build it ships
 * (`tfjs-backend-wasm-threaded-simd.{js,wasm}`) does support Node's worker_threads, so this
 * module instantiates that build itself with real file paths (the worker script is
 * wasm-thread-worker.cjs) and hands the module to the package's own `BackendWasm`, so every
 * registered wasm kernel runs unchanged. Everything is read from the installed package folder.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { ModelError } from '../errors';

const require = createRequire(import.meta.url);

interface NodeWorker {
  terminate(): unknown;
  unref(): void;
}

/** The parts of the emscripten module used here and by BackendWasm. */
interface ThreadedWasmModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => unknown;
  PThread: { unusedWorkers: NodeWorker[]; runningWorkers: NodeWorker[] };
  tfjs?: Record<string, (...args: number[]) => unknown>;
}

/** The config object becomes the module: emscripten fills it in synchronously (e.g. `PThread`). */
interface FactoryConfig extends Partial<ThreadedWasmModule> {
  locateFile: (file: string) => string;
}
type ThreadedFactory = (config: FactoryConfig) => Promise<ThreadedWasmModule>;

export const THREADED_WASM_FILE = 'tfjs-backend-wasm-threaded-simd.wasm';

/** The pthread worker entry script; absent when this file was bundled without it. */
export function workerScriptPath(): string {
  return fileURLToPath(new URL('./wasm-thread-worker.cjs', import.meta.url));
}

/**
 * Creates a WASM backend whose XNNPACK thread pool has `threads` threads (the calling thread is
 * one of them). Rejects (and leaves no worker running) if the build cannot start within `timeoutMs`.
 */
export async function createThreadedWasmBackend(
  threads: number,
  wasmDir: string,
  timeoutMs: number,
): Promise<BackendWasm> {
  const workerScript = workerScriptPath();
  if (!existsSync(workerScript)) throw new ModelError(workerScript, 'pthread worker script not found');
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const factory = require(path.join(packageDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js')) as ThreadedFactory;

  // The backend caps its pool at half of emscripten_num_logical_cores(), which in Node is
  // os.cpus().length: on a 2-core host that is 1 thread whatever setThreadsCount says. The count is
  // read once, while the module initialises, so os.cpus reports 2 x threads for just that moment.
  const realCpus = os.cpus;
  os.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  };
  const config: FactoryConfig = {
    locateFile: (file) =>
      file.endsWith('.worker.js')
        ? workerScript
        : path.join(wasmDir, file.endsWith('.wasm') ? THREADED_WASM_FILE : file),
  };
  let module: ThreadedWasmModule;
  let timer: NodeJS.Timeout | undefined;
  try {
    const started = factory(config);
    module = await Promise.race([
      started,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ModelError(THREADED_WASM_FILE, `threaded WASM did not start within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    for (const worker of [...(config.PThread?.unusedWorkers ?? []), ...(config.PThread?.runningWorkers ?? [])])
      void worker.terminate();
    throw error;
  } finally {
    os.cpus = realCpus;
    clearTimeout(timer);
  }
  // What the package's own loader adds to the module before BackendWasm uses it.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  // emscripten pre-starts 8 workers; the pool took threads-1 of them. The idle ones only cost
  // memory (~15 MB each), so they go; the pool's own workers are unref'd so that they do not
  // keep the process alive (they block in a futex wait between inferences, using no CPU).
  for (const worker of module.PThread.unusedWorkers.splice(0)) void worker.terminate();
  for (const worker of module.PThread.runningWorkers) worker.unref();
  return backend;
}
