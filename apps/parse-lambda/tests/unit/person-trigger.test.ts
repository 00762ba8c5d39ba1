import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNamedFaceRecognizer, type FaceRecognizer, type Label } from '@catfinder/vision';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFacesStep, type CelebritySink } from '../../src/faces-step';
import { withFaceRecognition } from '../../src/faces-wiring';
import { ConfigError } from '../../src/errors';
import type { ProcessedSample } from '../../src/process-segment';
import { trackAppearances } from '../../src/track-appearances';
import { parseTriggers } from '../../src/triggers';
import { readParseConfig } from '../../src/config';
import { createParseDeps } from '../../src/wiring';
import { NAMES_ENV } from '../helpers/parse-env';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'faces');
const T0 = Date.UTC(2026, 11, 5, 18, 0, 0);
const box = { Left: 0.3, Top: 0.05, Width: 0.4, Height: 0.9 };
const person: Label = {
  Name: 'Person',
  Confidence: 80,
  Instances: [{ BoundingBox: box, Confidence: 80 }],
  Parents: [],
  Aliases: [],
  Categories: [],
};
const cat: Label = { Name: 'Cat', Confidence: 80, Instances: [], Parents: [], Aliases: [], Categories: [] };

function sample(index: number, labels: Label[] | null, over: Partial<ProcessedSample> = {}): ProcessedSample {
  return {
    channel: 'demo',
    mediaSequence: 7,
    index,
    time: T0 + index * 2000,
    frameLabel: `2026-12-05 18:00:${String(index * 2).padStart(2, '0')};00`,
    isCut: false,
    sceneScore: 0,
    imageKey: `samples/demo/7/${index}.jpg`,
    labels,
    matchedLabels: [],
    ...over,
  };
}

describe('LABELS may name a person: Celebrity:<Name>[:min[:pre[:post]]]', () => {
  it('parses person triggers next to labels', () => {
    expect(parseTriggers('Cat, Celebrity:Eileen Collins, celebrity: Grace Hopper:90:1:2')).toEqual({
      triggers: [
        { label: 'Cat', minConfidence: 55, preRollSeconds: 0, postRollSeconds: 0 },
        { label: 'Eileen Collins', kind: 'person', minConfidence: 55, preRollSeconds: 0, postRollSeconds: 0 },
        { label: 'Grace Hopper', kind: 'person', minConfidence: 90, preRollSeconds: 1, postRollSeconds: 2 },
      ],
      problems: [],
    });
  });

  it.each([
    ['Celebrity:', /person's name must start with a letter or digit/],
    ['Celebrity:Eileen Collins:high', /minConfidence "high"/],
    ['Celebrity:Eileen Collins:50:1:2:3', /too many fields/],
    ['Celebrity:Eileen Collins:50:61', /preRollSeconds "61"/],
    ['Celebrity:Cat,Cat', /Cat is listed twice/],
    ['Cat,Celebrity:cat', /cat is listed twice/],
  ])('names what is wrong in %j', (spec, message) => {
    expect(parseTriggers(spec).problems.join('\n')).toMatch(message);
  });
});

describe('a person trigger makes appearances exactly as a label does', () => {
  const [eileen] = parseTriggers('Celebrity:Eileen Collins:90').triggers;
  const face = (MatchConfidence: number) => ({
    Name: 'Eileen Collins',
    Id: 'named:Eileen Collins',
    MatchConfidence,
    Urls: [],
    Face: { BoundingBox: box, Confidence: 99 },
  });

  it('opens on a sample whose recognised faces name her (at the minimum), closes after exitSamples misses', () => {
    const samples = [
      sample(0, [person], { faces: [face(80)] }), // below 90: no match
      sample(1, [person], { faces: [face(97)] }),
      sample(2, [person], { faces: [face(96)] }),
      sample(3, [cat]),
      sample(4, [cat]),
    ];
    const tracked = trackAppearances({}, samples, [eileen!], { channel: 'demo', exitSamples: 2, maxClipSeconds: 120 });
    expect(tracked.events.map((e) => [e.type, e.appearance.label])).toEqual([
      ['opened', 'Eileen Collins'],
      ['closed', 'Eileen Collins'],
    ]);
    expect(tracked.sightings.map((s) => [s.index, s.confidence])).toEqual([
      [1, 97],
      [2, 96],
    ]);
  });

  it('never matches a label of the same name', () => {
    const named: Label = { ...cat, Name: 'Eileen Collins', Confidence: 99 };
    expect(
      trackAppearances({}, [sample(0, [named]), sample(1, [named])], [eileen!], {
        channel: 'demo',
        exitSamples: 2,
        maxClipSeconds: 120,
      }).events,
    ).toEqual([]);
  });
});

describe('faces step (real named-faces recogniser on the fixture gallery)', () => {
  let real: FaceRecognizer;
  let frame: Buffer;
  beforeAll(async () => {
    real = createNamedFaceRecognizer({ galleryDir: path.join(fixtures, 'gallery') });
    // A sample as the demo channel makes it: astronaut.png letter-boxed into 640x360, JPEG.
    frame = readFileSync(path.join(fixtures, 'channel-frame-astronaut.jpg'));
  }, 60_000);

  function recorder(): CelebritySink & { sightings: unknown[]; thumbnails: string[]; feeds: number } {
    const r = {
      sightings: [] as unknown[],
      thumbnails: [] as string[],
      feeds: 0,
      async recordSighting(s: unknown) {
        r.sightings.push(s);
        return { applied: true };
      },
      async putThumbnail(channel: string, name: string) {
        r.thumbnails.push(`${channel}/${name}`);
        return `feeds/thumbs/${channel}/people/x.jpg`;
      },
      async publishFeed() {
        r.feeds++;
      },
    };
    return r;
  }

  it('recognises once per scene, reuses within it, calls again at a cut, and only where a Person is seen', async () => {
    let calls = 0;
    const counted: FaceRecognizer = {
      kind: real.kind,
      recognizeFaces: (image) => (calls++, real.recognizeFaces(image)),
    };
    const sink = recorder();
    const triggers = parseTriggers('Cat,Celebrity:Eileen Collins:90').triggers;
    const samples = [
      sample(0, [person]),
      sample(1, [person]),
      sample(2, [cat]),
      sample(3, [person], { isCut: true }),
      sample(4, null),
    ];
    const out = await createFacesStep(counted, sink).apply({
      channel: 'demo',
      samples,
      images: samples.map(() => frame),
      triggers,
    });
    expect(calls).toBe(2);
    expect(out).toMatchObject({ calls: 2, errors: 0 });
    expect(out.samples.map((s) => s.faces?.map((f) => f.Name))).toEqual([
      ['Eileen Collins'],
      ['Eileen Collins'],
      undefined,
      ['Eileen Collins'],
      undefined,
    ]);
    expect(out.samples.map((s) => s.matchedLabels)).toEqual([
      ['Eileen Collins'],
      ['Eileen Collins'],
      [],
      ['Eileen Collins'],
      [],
    ]);
    expect(sink.sightings).toHaveLength(3);
    expect(sink.sightings[0]).toMatchObject({
      channel: 'demo',
      name: 'Eileen Collins',
      source: 'named-faces',
      mediaSequence: 7,
      index: 0,
      imageKey: 'samples/demo/7/0.jpg',
      urls: ['www.wikidata.org/wiki/Q233816'],
      thumbnailKey: 'feeds/thumbs/demo/people/x.jpg',
    });
    expect(sink.thumbnails).toEqual(['demo/Eileen Collins']);
    expect(sink.feeds).toBe(1);
  });

  it('retries a failed recognition once, then leaves that sample without faces and calls again next time', async () => {
    let calls = 0;
    const failing: FaceRecognizer = {
      kind: real.kind,
      recognizeFaces: async (image) =>
        ++calls <= 2 ? Promise.reject(new Error('model died')) : real.recognizeFaces(image),
    };
    const samples = [sample(0, [person]), sample(1, [person])];
    const out = await createFacesStep(failing).apply({
      channel: 'demo',
      samples,
      images: [frame, frame],
      triggers: [],
    });
    expect(out).toMatchObject({ calls: 3, errors: 1 });
    expect(out.samples.map((s) => s.faces?.length)).toEqual([undefined, 1]);
    expect(out.samples[0]?.detectError).toBe('face recognition failed: model died');
    expect(out.samples[1]?.detectError).toBeUndefined();
  });

  it('refuses a person trigger when recognition is off (no FACES_DIR locally)', () => {
    const config = {
      detector: 'local' as const,
      localDetectorThreads: undefined,
      triggers: parseTriggers('Celebrity:Eileen Collins').triggers,
      tables: {} as never,
      bucket: 'b',
      ttlHours: 1,
    };
    const load = async () => ({ detect: async () => ({ Labels: [], LabelModelVersion: 'x' }) });
    expect(() => withFaceRecognition(load, config, {} as never, {})).toThrow(ConfigError);
    expect(() => withFaceRecognition(load, config, {} as never, {})).toThrow(
      /LABELS: watches Eileen Collins but face recognition is off/,
    );
    expect(withFaceRecognition(load, { ...config, triggers: [] }, {} as never, {})).toBe(load);
  });

  it('createParseDeps reads the face-recognition switches from the environment it is given, not process.env', () => {
    const config = readParseConfig({
      CHANNEL_ID: 'demo',
      HLS_URL: 'http://127.0.0.1:9/live.m3u8',
      ...NAMES_ENV,
      LABELS: 'Celebrity:Eileen Collins',
    });
    const options = { clients: {} as never, logger: { info() {}, warn() {}, error() {} }, store: {} as never };
    const saved = process.env.FACES_DIR;
    try {
      // what another stack in this process left behind must not switch recognition on
      process.env.FACES_DIR = path.join(fixtures, 'gallery');
      expect(() => createParseDeps(config, { ...options, env: {} })).toThrow(/LABELS: watches Eileen Collins/);
      delete process.env.FACES_DIR;
      expect(() =>
        createParseDeps(config, { ...options, env: { FACES_DIR: path.join(fixtures, 'gallery') } }),
      ).not.toThrow();
    } finally {
      if (saved === undefined) delete process.env.FACES_DIR;
      else process.env.FACES_DIR = saved;
    }
  });
});
