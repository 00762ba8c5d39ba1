import { describe, expect, it } from 'vitest';
import {
  IDLE,
  appearanceId,
  interruptAppearance,
  isAppearanceState,
  stepAppearance,
  type AppearanceEvent,
  type AppearanceState,
  type SampleOutcome,
} from '../../src/appearance';

const OPTS = { channel: 'demo', label: 'Cat', exitSamples: 2, maxClipSeconds: 120 };
const T0 = 1_700_000_000_000;

/** `C`/`c` = cut matching / not matching, `P`/`p` = periodic sample matching / not; one per second. */
function samples(pattern: string): SampleOutcome[] {
  return [...pattern].map((ch, i) => ({
    frame: { mediaSequence: 10 + Math.floor(i / 2), index: (i % 2) * 30 },
    time: T0 + i * 1000,
    isCut: ch === 'C' || ch === 'c',
    matched: ch === 'C' || ch === 'P',
    confidence: ch === 'C' || ch === 'P' ? 80 + i : null,
  }));
}

function run(pattern: string, opts = OPTS, initial: AppearanceState = IDLE) {
  let state = initial;
  const events: { at: number; event: AppearanceEvent }[] = [];
  samples(pattern).forEach((s, i) => {
    const step = stepAppearance(state, s, opts);
    state = step.state;
    for (const event of step.events) events.push({ at: i, event });
  });
  const summary = events.map(({ at, event }) =>
    event.type === 'opened'
      ? `open@${at}`
      : `close@${at}:${event.appearance.reason}:${(event.appearance.lastMatch.time - T0) / 1000}`,
  );
  return { state, events, summary };
}

describe('stepAppearance', () => {
  it.each([
    ['no match never opens', 'cppcpp', []],
    ['opens on the first matching sample', 'cpCP', ['open@2']],
    ['closes at a cut whose first sample does not match', 'cCPPcP', ['open@1', 'close@4:cut:3', 'open@5']],
    ['closes after exitSamples consecutive misses', 'CPpp', ['open@0', 'close@3:exit-samples:1']],
    ['a single miss does not close it', 'CPpPpP', ['open@0']],
    ['a match resets the miss count', 'CpPpPpp', ['open@0', 'close@6:exit-samples:4']],
    ['a matching cut continues the appearance', 'CPCPc', ['open@0', 'close@4:cut:3']],
    ['opens on a periodic sample inside a scene', 'cpPPc', ['open@2', 'close@4:cut:3']],
  ])('%s (%s)', (_name, pattern, expected) => {
    expect(run(pattern).summary).toEqual(expected);
  });

  it('honours exitSamples = 1 and 3', () => {
    expect(run('CPp', { ...OPTS, exitSamples: 1 }).summary).toEqual(['open@0', 'close@2:exit-samples:1']);
    expect(run('CPppp', { ...OPTS, exitSamples: 3 }).summary).toEqual(['open@0', 'close@4:exit-samples:1']);
  });

  it('closes at maxClipSeconds and reopens on the same matching sample', () => {
    expect(run('CPPPPP', { ...OPTS, maxClipSeconds: 3 }).summary).toEqual(['open@0', 'close@3:max-length:2', 'open@3']);
  });

  it('counts every sample the appearance took, including the one that closed it', () => {
    const { events } = run('cCPpPpp');
    const closed = events.find((e) => e.event.type === 'closed')!.event;
    expect(closed.appearance.detectorCalls).toBe(6);
    expect(closed.appearance.maxConfidence).toBe(84);
    expect(closed.type === 'closed' && closed.appearance.closedBy?.time).toBe(T0 + 6000);
  });

  it('gives the same appearance a deterministic, key-safe id that sorts by start time', () => {
    const { events } = run('cC');
    const id = events[0]!.event.appearance.id;
    expect(id).toBe(appearanceId('demo', 'Cat', { frame: { mediaSequence: 10, index: 30 }, time: T0 + 1000 }));
    expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
    expect(appearanceId('demo', 'Cat', { frame: { mediaSequence: 10, index: 30 }, time: T0 + 1000 })).toBe(id);
    expect(appearanceId('demo', 'Dog', { frame: { mediaSequence: 10, index: 30 }, time: T0 + 1000 })).not.toBe(id);
    expect(appearanceId('demo', 'Cat', { frame: { mediaSequence: 9, index: 0 }, time: T0 }) < id).toBe(true);
  });

  it('survives a round trip through JSON (the state is persisted between runs)', () => {
    const first = run('cCP');
    const restored = JSON.parse(JSON.stringify(first.state)) as unknown;
    expect(isAppearanceState(restored)).toBe(true);
    const step = stepAppearance(restored as AppearanceState, samples('cCPpp')[3]!, OPTS);
    expect(step.state).toMatchObject({ status: 'open', misses: 1 });
  });

  it('rejects a corrupt persisted state', () => {
    expect(isAppearanceState({ status: 'open' })).toBe(false);
    expect(isAppearanceState(null)).toBe(false);
    expect(isAppearanceState({ status: 'idle' })).toBe(true);
  });
});

describe('interruptAppearance', () => {
  it('closes an open appearance at its last match on a gap or reset', () => {
    const open = run('CP').state;
    for (const reason of ['gap', 'reset'] as const) {
      const { state, events } = interruptAppearance(open, reason);
      expect(state).toEqual(IDLE);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'closed', appearance: { reason, lastMatch: { time: T0 + 1000 } } });
    }
  });

  it('does nothing when idle', () => {
    expect(interruptAppearance(IDLE, 'gap')).toEqual({ state: IDLE, events: [] });
  });
});
