/**
 * Runs a detector over a batch of samples (one segment's, in stream order) with the reuse rule of
 * reuse-policy.ts: only the samples that need a call are sent (with bounded concurrency); the
 * others get their anchor's result and `reused: true`. The policy object carries the last sample
 * and its labels to the next batch of the same scene stream (e.g. the channel's next segment).
 */
import { mapBounded } from '../concurrency';
import { imageSignature } from './image-signature';
import { planReuse, type ReuseDecision, type ReuseOptions, type ReuseSample, type ReuseState } from './reuse-policy';

export interface ReuseItem {
  /** The sample picture (JPEG bytes; anything else is sent without a reuse check), as sent to the detector. */
  image: Uint8Array;
  isCut: boolean;
  /** Stream time of the sample, epoch ms. */
  time: number;
}

/** One sample's answer: a result, or the error of its call (never both). */
export interface DetectOutcome<R> {
  result: R | undefined;
  error: string | undefined;
}

export interface ReuseOutcome<R> extends DetectOutcome<R> {
  /** True when the labels were taken from an earlier sample instead of a call. */
  reused: boolean;
  decision: ReuseDecision;
}

export interface ReusePolicy<R> {
  /** Decides, calls `detect` for the samples that need it, and returns one outcome per item, in order. */
  detectAll(
    items: readonly ReuseItem[],
    concurrency: number,
    detect: (image: Uint8Array) => Promise<DetectOutcome<R>>,
  ): Promise<ReuseOutcome<R>[]>;
  /** Forgets the carried sample (e.g. after a gap or a restart of the stream). */
  reset(): void;
}

export function createReusePolicy<R>(options: ReuseOptions = {}): ReusePolicy<R> {
  let state: ReuseState<R> | undefined;
  return {
    reset: () => (state = undefined),
    async detectAll(items, concurrency, detect) {
      const samples: ReuseSample[] = await mapBounded(items, concurrency, async (item) => ({
        // A picture the signature cannot decode is still sent: the detector reports what is wrong with it.
        signature: await imageSignature(item.image).catch(() => undefined),
        isCut: item.isCut,
        time: item.time,
      }));
      const decisions = planReuse(samples, state, options);
      const fresh = new Map<number, DetectOutcome<R>>();
      const calls = decisions.flatMap((d, i) => (d.action === 'call' ? [i] : []));
      await mapBounded(calls, concurrency, async (i) => fresh.set(i, await detect(items[i]!.image)));
      const carried = state;
      const outcomes = await mapBounded(decisions, concurrency, async (decision, i): Promise<ReuseOutcome<R>> => {
        if (decision.action === 'call') return { ...fresh.get(i)!, reused: false, decision };
        const source =
          decision.anchor === -1 ? { result: carried?.result, error: undefined } : fresh.get(decision.anchor)!;
        // The anchor's call failed: this sample gets its own call rather than no labels.
        if (source.result === undefined) return { ...(await detect(items[i]!.image)), reused: false, decision };
        return { result: source.result, error: undefined, reused: true, decision };
      });
      state = nextState(samples, decisions, outcomes, carried);
      return outcomes;
    },
  };
}

/** What the next batch compares with: the last sample, if its labels are known. */
function nextState<R>(
  samples: readonly ReuseSample[],
  decisions: readonly ReuseDecision[],
  outcomes: ReadonlyArray<ReuseOutcome<R>>,
  carried: ReuseState<R> | undefined,
): ReuseState<R> | undefined {
  const last = samples.length - 1;
  if (last < 0) return carried;
  const outcome = outcomes[last]!;
  if (outcome.result === undefined) return undefined;
  const decision = decisions[last]!;
  let anchor = samples[last]!;
  if (outcome.reused && decision.action === 'reuse')
    anchor = decision.anchor === -1 ? carried!.anchor : samples[decision.anchor]!;
  return { previous: samples[last]!, anchor, result: outcome.result };
}

/** Policies kept per owner (e.g. a detector) and key (e.g. a channel), for callers without a place to keep one. */
const policies = new WeakMap<object, Map<string, ReusePolicy<unknown>>>();

export function reusePolicyFor<R>(owner: object, key: string, options?: ReuseOptions): ReusePolicy<R> {
  let byKey = policies.get(owner);
  if (!byKey) policies.set(owner, (byKey = new Map()));
  let policy = byKey.get(key);
  if (!policy) byKey.set(key, (policy = createReusePolicy<unknown>(options)));
  return policy as ReusePolicy<R>;
}
