/* global require, __filename */
/**
 * Entry script of one pthread worker of the threaded-SIMD WASM backend, run by Node's
 * worker_threads (see wasm-threads.ts). tfjs ships the emscripten worker script only as a string
 * export; its loader would hand it to the worker as a Blob URL, which worker_threads cannot load,
 * so this file runs that same script with the worker's own `require` and `__filename`.
 */
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS worker entry script
const workerModule = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
const { wasmWorkerContents } = workerModule;
// The string is a template literal, so the script's "\n" escapes arrived as real newlines inside
// string literals; tfjs re-escapes them the same way before making its Blob.
new Function('require', '__filename', wasmWorkerContents.replace(/\n/g, '\\n'))(require, __filename);
