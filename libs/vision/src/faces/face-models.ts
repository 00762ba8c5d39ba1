/**
 * Runs the two face models that ship in @vladmandic/human — BlazeFace (detection) and FaceRes
 * (a 1024-value face descriptor) — on the SAME TensorFlow.js WASM runtime the local label
 * detector uses (local/tfjs-runtime.ts: one backend, one file router, one model cache per process).
 * Loaded lazily, like the label detector, so importing the library loads no runtime.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { ModelError } from '../errors';
import { autoThreads } from '../local/local-detector';
import type { BoundingBox } from '../types';
import { BLAZEFACE_INPUT_SIZE, decodeFaces, embeddingRegion, type FaceDetection } from './blazeface-decode';

type Runtime = typeof import('../local/tfjs-runtime') &
  typeof import('../image/prepare-model-input') &
  typeof import('./decode-rgb');
type Tensor = ReturnType<Runtime['tf']['tensor']>;
let runtime: Promise<Runtime> | undefined;

function loadRuntime(): Promise<Runtime> {
  runtime ??= Promise.all([
    import('../local/tfjs-runtime'),
    import('../image/prepare-model-input'),
    import('./decode-rgb'),
  ]).then(([a, b, c]) => ({ ...a, ...b, ...c }));
  return runtime;
}

/** FaceRes' square input side. */
export const FACERES_INPUT_SIZE = 224;
/** BlazeFace score (0..1) below which a box is not a face (human's default is 0.2; 0.5 avoids faces in textures). */
export const FACE_MIN_SCORE = 0.5;
/** IoU above which two BlazeFace boxes are one face (human's default 0.1: faces rarely overlap). */
export const FACE_IOU_THRESHOLD = 0.1;

const require = createRequire(import.meta.url);

/** `file://` URL of a model inside the installed `@vladmandic/human` (`blazeface`, `faceres`). */
export function humanModelUrl(name: 'blazeface' | 'faceres'): string {
  const root = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
  return pathToFileURL(path.join(root, 'models', `${name}.json`)).href;
}

export interface EmbeddedFace extends FaceDetection {
  /** L2-normalised FaceRes descriptor (1024 values). */
  descriptor: Float32Array;
}

export interface FaceModels {
  /** Faces in the image with their descriptors, best detection score first. */
  embedFaces(bytes: Uint8Array, input: string): Promise<EmbeddedFace[]>;
  /** Loads both models now. */
  warmUp(): Promise<void>;
}

export function createFaceModels(options: { threads?: number } = {}): FaceModels {
  async function load() {
    const rt = await loadRuntime();
    const threads = options.threads ?? autoThreads();
    const [detector, describer] = await Promise.all([
      rt.loadModelOnce(humanModelUrl('blazeface'), threads),
      rt.loadModelOnce(humanModelUrl('faceres'), threads),
    ]);
    return { rt, detector, describer };
  }
  return {
    async warmUp() {
      await load();
    },
    async embedFaces(bytes, input) {
      const { rt, detector, describer } = await load();
      const prepared = await rt.prepareModelInput(bytes, input, BLAZEFACE_INPUT_SIZE);
      const faces = decodeFaces(await runDetector(rt.tf, detector, prepared.pixels), {
        minScore: FACE_MIN_SCORE,
        iouThreshold: FACE_IOU_THRESHOLD,
        scale: prepared.scale,
        width: prepared.width,
        height: prepared.height,
      });
      if (faces.length === 0) return [];
      const image = await rt.decodeRgb(bytes, input);
      const descriptors = await runDescriber(
        rt.tf,
        describer,
        image,
        faces.map((f) => embeddingRegion(f.box, image.width, image.height)),
      );
      return faces.map((face, i): EmbeddedFace => ({ ...face, descriptor: descriptors[i]! }));
    },
  };
}

async function runDetector(tf: Runtime['tf'], model: GraphModel, pixels: Uint8Array) {
  const size = BLAZEFACE_INPUT_SIZE;
  let outputs: Tensor[] = [];
  try {
    outputs = tf.tidy(() => {
      // BlazeFace reads pixels scaled to -1..1.
      const input = tf.tensor4d(
        Float32Array.from(pixels, (v) => v / 127.5 - 1),
        [1, size, size, 3],
        'float32',
      );
      return model.execute(input) as Tensor[];
    });
    // Four outputs, told apart by shape: [1,512,1], [1,384,1] logits; [1,512,16], [1,384,16] regressors.
    const find = (anchors: number, width: number) =>
      outputs.find((t) => t.shape[1] === anchors && t.shape[2] === width);
    const parts = [find(512, 1), find(384, 1), find(512, 16), find(384, 16)];
    if (parts.some((t) => t === undefined))
      throw new Error(`unexpected output shapes ${JSON.stringify(outputs.map((t) => t.shape))}`);
    const [l512, l384, r512, r384] = await Promise.all(parts.map((t) => t!.data() as Promise<Float32Array>));
    return { logits: concat(l512!, l384!), regressors: concat(r512!, r384!) };
  } catch (error) {
    throw new ModelError(humanModelUrl('blazeface'), 'face detection failed', { cause: error });
  } finally {
    for (const t of outputs) t.dispose();
  }
}

/** One FaceRes run per region, on one tensor of the image (regions may reach past it: read as black). */
async function runDescriber(
  tf: Runtime['tf'],
  model: GraphModel,
  image: { pixels: Uint8Array; width: number; height: number },
  regions: BoundingBox[],
): Promise<Float32Array[]> {
  const full = tf.tensor4d(Float32Array.from(image.pixels), [1, image.height, image.width, 3], 'float32');
  try {
    const descriptors: Float32Array[] = [];
    for (const region of regions) {
      const outputs = tf.tidy(() => {
        const box = [[region.Top, region.Left, region.Top + region.Height, region.Left + region.Width]];
        // Values stay 0..255, as FaceRes reads them (human's faceres.ts multiplies its 0..1 crop by 255).
        const crop = tf.image.cropAndResize(full, box, [0], [FACERES_INPUT_SIZE, FACERES_INPUT_SIZE], 'bilinear', 0);
        const result = model.execute(crop);
        return Array.isArray(result) ? result : [result];
      });
      try {
        const descriptor = outputs.find((t) => t.shape[1] === 1024);
        if (!descriptor) throw new Error(`no 1024-value output among ${JSON.stringify(outputs.map((t) => t.shape))}`);
        descriptors.push(normalise((await descriptor.data()) as Float32Array));
      } finally {
        for (const t of outputs) t.dispose();
      }
    }
    return descriptors;
  } catch (error) {
    throw new ModelError(humanModelUrl('faceres'), 'face description failed', { cause: error });
  } finally {
    full.dispose();
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  return v.map((x) => x / norm);
}
