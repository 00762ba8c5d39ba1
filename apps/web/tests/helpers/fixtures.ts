/** Feed fixtures in the exact CONTRACTS shapes, built by small factories. */
import type { Appearance, Clip, ClipsFeed, LabelFeed, LabelsFeed, LabelSummary } from '../../src/types';

export const XSS_LABEL = '<img src=x onerror=alert(1)>';
const GENERATED = '2026-11-26T12:00:00.000Z';

export function frameLabelAt(isoTime: string, frame = 0): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)};${String(frame).padStart(2, '0')}`;
}

export function makeClip(id: string, overrides: Partial<Clip> = {}, index = 0): Clip {
  const start = new Date(Date.parse('2026-11-26T11:00:00.000Z') + index * 60_000).toISOString();
  const end = new Date(Date.parse(start) + 4_000).toISOString();
  return {
    id,
    channel: 'demo',
    label: 'Cat',
    status: 'ready',
    start,
    end,
    startFrame: frameLabelAt(start, 3),
    endFrame: frameLabelAt(end, 2),
    frameCount: 100,
    durationSeconds: 4,
    method: 'smart',
    verification: { passed: true, method: 'framemd5' },
    latencySeconds: 7.4,
    detectorCalls: 6,
    mp4Url: `clips/demo/${id}.mp4`,
    posterUrl: `clips/demo/${id}.jpg`,
    hlsUrl: `clips/demo/${id}.m3u8`,
    cuts: [
      { time: start, frame: frameLabelAt(start, 3), thumbnailUrl: `clips/demo/${id}.jpg` },
      { time: start, frame: frameLabelAt(start, 20), thumbnailUrl: `clips/demo/${id}.jpg` },
    ],
    createdAt: end,
    ...overrides,
  };
}

export function clipsFeed(clips: Clip[]): ClipsFeed {
  return { version: 1, generatedAt: GENERATED, clips };
}

export function makeLabel(name: string, overrides: Partial<LabelSummary> = {}): LabelSummary {
  return {
    channel: 'demo',
    name,
    count: 3,
    lastSeen: '2026-11-26T11:59:00.000Z',
    lastSeenFrame: '2026-11-26 11:59:00;12',
    confidence: 93.5,
    thumbnailUrl: 'samples/demo/1/0.jpg',
    ...overrides,
  };
}

export function labelsFeed(labels: LabelSummary[]): LabelsFeed {
  return { version: 1, generatedAt: GENERATED, labels };
}

export function makeAppearance(id: string, clipId?: string): Appearance {
  const sample = (second: number, matched: boolean, confidence: number | null, isCut: boolean) => ({
    time: `2026-11-26T11:00:0${second}.000Z`,
    frame: `2026-11-26 11:00:0${second};00`,
    thumbnailUrl: `samples/demo/${second}.jpg`,
    confidence,
    matched,
    isCut,
  });
  return {
    id,
    channel: 'demo',
    label: 'Cat',
    open: clipId === undefined,
    start: '2026-11-26T11:00:02.000Z',
    end: clipId === undefined ? undefined : '2026-11-26T11:00:05.000Z',
    clipId,
    samples: [
      sample(1, false, 12.5, true),
      sample(2, true, 91.25, true),
      sample(3, true, 88, false),
      sample(4, false, null, true),
    ],
  };
}

export function labelFeed(label: string, appearances: Appearance[]): LabelFeed {
  return { version: 1, generatedAt: GENERATED, label, appearances };
}
