import { createHash } from 'node:crypto';

/** Anything with a `detect(image)` (the pipeline's detector ports wrap a `LabelDetector` this way). */
export interface DetectsImages<A> {
  detect(image: Uint8Array): Promise<A>;
}

/**
 * For tests that replay the same programme many times: the loaded detector, whose `detect` sends
 * each distinct image (by SHA-256 of its bytes) to the real model once and gives a repeat a copy
 * of that first answer — the model's answer for the same bytes does not change. Every `detect`
 * call is still made (callers' counts, retries and wrappers see each one); a failed call is not
 * kept, so a retry asks the model again. The other members of the detector are kept as they are.
 */
export function askedOncePerImage<D extends DetectsImages<unknown>>(load: () => Promise<D>): () => Promise<D> {
  type Answer = Awaited<ReturnType<D['detect']>>;
  const answers = new Map<string, Promise<Answer>>();
  let detector: Promise<D> | undefined;
  return () =>
    (detector ??= load().then((real) => ({
      ...real,
      detect(image: Uint8Array): Promise<Answer> {
        const key = createHash('sha256').update(image).digest('hex');
        let answer = answers.get(key);
        if (answer === undefined) {
          answer = real.detect(image) as Promise<Answer>;
          answers.set(key, answer);
          answer.catch(() => answers.delete(key));
        }
        return answer.then((a) => structuredClone(a));
      },
    })));
}
