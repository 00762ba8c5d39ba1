/**
 * The faces step of a segment, after label detection: recognise faces on samples where a Person
 * is seen — at most once per scene unless the people change (libs/vision decideFaceCall) — give
 * every sample its recognised faces, add the person triggers they match to `matchedLabels`, and
 * record the sightings (libs/store celebrities) with a thumbnail and the celebrities feed.
 * Samples must be one segment's, in time order; the per-scene memory carries over to the next
 * segment of the channel (same process). A failed recognition is retried once, then that sample
 * has no faces (counted, like a detector error) — the segment still completes.
 */
import type { CelebrityStore } from '@catfinder/store';
import {
  decideFaceCall,
  matchObservation,
  type CelebrityFace,
  type FaceCallMemo,
  type FaceRecognizer,
  type RecognizeFacesResult,
} from '@catfinder/vision';
import type { ProcessedSample } from './process-segment';
import type { Trigger } from './triggers';

/** Where sightings go: libs/store's CelebrityStore (its record shape, `CelebritySightingInput`). */
export type CelebritySink = Pick<CelebrityStore, 'recordSighting' | 'putThumbnail'> & {
  publishFeed(): Promise<unknown>;
};

export interface FacesStepInput {
  readonly channel: string;
  readonly samples: readonly ProcessedSample[];
  /** The sample JPEGs, same order as `samples`. */
  readonly images: readonly Uint8Array[];
  readonly triggers: readonly Trigger[];
}

export interface FacesStepResult {
  readonly samples: ProcessedSample[];
  /** Recognition calls made (retries included). */
  readonly calls: number;
  /** Samples whose recognition failed after its retry (each carries `detectError`). */
  readonly errors: number;
}

export interface FacesStep {
  apply(input: FacesStepInput): Promise<FacesStepResult>;
}

export function createFacesStep(recognizer: FaceRecognizer, sink?: CelebritySink): FacesStep {
  const memoByChannel = new Map<string, FaceCallMemo>();
  return {
    async apply({ channel, samples, images, triggers }) {
      let calls = 0;
      let errors = 0;
      const out: ProcessedSample[] = [];
      for (const [i, sample] of samples.entries()) {
        const decision = decideFaceCall(memoByChannel.get(channel), sample);
        let result: RecognizeFacesResult | undefined;
        if (decision.action === 'reuse') result = decision.result;
        if (decision.action === 'call') {
          const called = await recognizeWithRetry(recognizer, images[i]!);
          calls += called.attempts;
          errors += called.result ? 0 : 1;
          result = called.result;
          if (result) memoByChannel.set(channel, { persons: decision.persons, result });
          // Reported like a detector failure on the sample (counted in the run's errors).
          if (called.error !== undefined && sample.detectError === undefined) {
            out.push({ ...sample, detectError: `face recognition failed: ${called.error}` });
            continue;
          }
        }
        out.push(withFaces(sample, result?.CelebrityFaces, triggers));
      }
      if (sink) await recordSightings(sink, channel, out, images, recognizer.kind);
      return { samples: out, calls, errors };
    },
  };
}

async function recognizeWithRetry(
  recognizer: FaceRecognizer,
  image: Uint8Array,
): Promise<{ result?: RecognizeFacesResult; error?: string; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await recognizer.recognizeFaces(image), attempts: attempt };
    } catch (error) {
      if (attempt >= 2) return { error: error instanceof Error ? error.message : String(error), attempts: attempt };
    }
  }
}

/** The sample with its faces (when recognition ran) and the person triggers they match added to `matchedLabels`. */
function withFaces(
  sample: ProcessedSample,
  faces: readonly CelebrityFace[] | undefined,
  triggers: readonly Trigger[],
): ProcessedSample {
  if (faces === undefined || sample.labels === null) return sample;
  const people = triggers
    .filter((t) => t.kind === 'person' && matchObservation({ labels: sample.labels ?? [], faces }, t))
    .map((t) => t.label);
  return {
    ...sample,
    faces,
    matchedLabels: [...sample.matchedLabels, ...people.filter((p) => !sample.matchedLabels.includes(p))],
  };
}

async function recordSightings(
  sink: CelebritySink,
  channel: string,
  samples: readonly ProcessedSample[],
  images: readonly Uint8Array[],
  source: string,
): Promise<void> {
  let applied = 0;
  const thumbnails = new Map<string, string>();
  for (const [i, s] of samples.entries()) {
    for (const face of s.faces ?? []) {
      // One thumbnail per person per segment: the first frame they were recognised on.
      if (!thumbnails.has(face.Name))
        thumbnails.set(face.Name, await sink.putThumbnail(channel, face.Name, images[i]!));
      const r = await sink.recordSighting({
        channel,
        name: face.Name,
        celebrityId: face.Id,
        matchConfidence: face.MatchConfidence,
        urls: face.Urls,
        source,
        box: face.Face.BoundingBox,
        mediaSequence: s.mediaSequence,
        index: s.index,
        time: s.time,
        frame: s.frameLabel,
        imageKey: s.imageKey,
        thumbnailKey: thumbnails.get(face.Name)!,
      });
      if (r.applied) applied++;
    }
  }
  if (applied > 0) await sink.publishFeed();
}
