/**
 * Applies one segment's samples to the appearance machine of every watched label, in time order,
 * and says which prekog notices to send. Pure apart from the inputs it is given.
 */
import { matchObservation } from '@catfinder/vision';
import {
  IDLE,
  interruptAppearance,
  stepAppearance,
  type AppearanceEvent,
  type AppearanceState,
  type TimelineEnd,
} from './appearance';
import type { AppearanceSample, LabelSighting } from './ports';
import type { ProcessedSample } from './process-segment';
import type { Trigger } from './triggers';

export interface TrackResult {
  readonly states: Record<string, AppearanceState>;
  readonly events: AppearanceEvent[];
  /** Samples that belong to an open (or just closed) appearance, per appearance id. */
  readonly samplesByAppearance: Map<string, AppearanceSample[]>;
  readonly sightings: LabelSighting[];
}

export function trackAppearances(
  states: Readonly<Record<string, AppearanceState>>,
  samples: readonly ProcessedSample[],
  triggers: readonly Trigger[],
  opts: { channel: string; exitSamples: number; maxClipSeconds: number },
): TrackResult {
  const next: Record<string, AppearanceState> = { ...states };
  const events: AppearanceEvent[] = [];
  const samplesByAppearance = new Map<string, AppearanceSample[]>();
  const sightings: LabelSighting[] = [];
  const ordered = [...samples].sort((a, b) => a.time - b.time || a.index - b.index);
  for (const trigger of triggers) {
    let state = next[trigger.label] ?? IDLE;
    for (const s of ordered) {
      // A sample the detector could not read tells nothing: it neither extends nor ends anything.
      if (s.labels === null) continue;
      const match = matchObservation({ labels: s.labels, faces: s.faces }, trigger);
      const step = stepAppearance(
        state,
        {
          frame: { mediaSequence: s.mediaSequence, index: s.index },
          time: s.time,
          isCut: s.isCut,
          matched: match !== undefined,
          confidence: match?.confidence ?? null,
        },
        {
          channel: opts.channel,
          label: trigger.label,
          exitSamples: opts.exitSamples,
          maxClipSeconds: opts.maxClipSeconds,
        },
      );
      const row: AppearanceSample = {
        frame: { mediaSequence: s.mediaSequence, index: s.index },
        time: s.time,
        frameLabel: s.frameLabel,
        imageKey: s.imageKey,
        confidence: match?.confidence ?? null,
        matched: match !== undefined,
        isCut: s.isCut,
      };
      // The sample belongs to the appearance it extended or closed, and to the one it opened.
      const touched = new Set<string>();
      if (state.status === 'open') touched.add(state.id);
      for (const e of step.events) touched.add(e.appearance.id);
      for (const id of touched) samplesByAppearance.set(id, [...(samplesByAppearance.get(id) ?? []), row]);
      events.push(...step.events);
      state = step.state;
      if (match) {
        sightings.push({
          channel: opts.channel,
          label: trigger.label,
          mediaSequence: s.mediaSequence,
          index: s.index,
          time: s.time,
          frameLabel: s.frameLabel,
          confidence: match.confidence,
          thumbnailKey: s.imageKey,
        });
      }
    }
    next[trigger.label] = state;
  }
  return { states: next, events, samplesByAppearance, sightings };
}

/** A gap, a reset or the playlist's end interrupts every open appearance. */
export function interruptAll(
  states: Readonly<Record<string, AppearanceState>>,
  reason: TimelineEnd,
): { states: Record<string, AppearanceState>; events: AppearanceEvent[] } {
  const next: Record<string, AppearanceState> = {};
  const events: AppearanceEvent[] = [];
  for (const [label, state] of Object.entries(states)) {
    const r = interruptAppearance(state, reason);
    next[label] = r.state;
    events.push(...r.events);
  }
  return { states: next, events };
}
