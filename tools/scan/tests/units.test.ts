/** Decisions of the scan tool that need no media: scoring, exports, probing, options, read-ahead. */
import { describe, expect, it } from 'vitest';
import type { ClipRecord } from '@catfinder/delta';
import {
  buildChapters,
  buildEdl,
  channelFor,
  checkProbe,
  checkTruth,
  parseCli,
  parseProbe,
  readScanSettings,
  scoreClips,
  ScanInputError,
  ScanUsageError,
  timecode,
  TruthFileError,
} from '../src';
import { readAhead } from '../src/read-ahead';
import { nominalRate } from '../src/analyse-parts';
import type { ScanClip } from '../src/types';

describe('scoreClips', () => {
  const truth = checkTruth('t.json', {
    fps: 25,
    labels: {
      Cat: [
        [300, 499],
        [1000, 1100],
        [2000, 2100],
      ],
    },
  });

  it('pairs clips with truth ranges and counts every differing bound', () => {
    const score = scoreClips(truth, [
      { label: 'Cat', firstFrame: 300, lastFrame: 499, frameRate: 25 },
      { label: 'Cat', firstFrame: 998, lastFrame: 1101, frameRate: 25 },
      { label: 'Cat', firstFrame: 5000, lastFrame: 5050, frameRate: 25 },
    ]);
    expect(score.labels[0]).toMatchObject({
      label: 'Cat',
      found: [
        { truth: [300, 499], clip: [300, 499], startError: 0, endError: 0 },
        { truth: [1000, 1100], clip: [998, 1101], startError: -2, endError: 1 },
      ],
      missed: [[2000, 2100]],
      falseClips: [[5000, 5050]],
    });
    expect(score.recall).toBeCloseTo(2 / 3);
    expect(score.precision).toBeCloseTo(2 / 3);
    expect(score.frameErrors).toBe(2);
  });

  it('converts clip frames to the truth frame rate and counts labels missing from the truth as false', () => {
    const score = scoreClips(checkTruth('t.json', { fps: 25, labels: { Cat: [[50, 99]] } }), [
      { label: 'Cat', firstFrame: 100, lastFrame: 199, frameRate: 50 },
      { label: 'Dog', firstFrame: 0, lastFrame: 10, frameRate: 25 },
    ]);
    expect(score.labels.find((l) => l.label === 'Cat')!.found[0]).toMatchObject({
      clip: [50, 99],
      startError: 0,
      endError: 0,
    });
    expect(score.labels.find((l) => l.label === 'Dog')!.falseClips).toEqual([[0, 10]]);
    expect(score.precision).toBe(0.5);
  });

  it('one clip covering two truth ranges finds one and misses the other', () => {
    const score = scoreClips(truth, [{ label: 'Cat', firstFrame: 300, lastFrame: 1100, frameRate: 25 }]);
    expect(score.labels[0]!.found).toHaveLength(1);
    expect(score.labels[0]!.missed).toHaveLength(2);
  });

  it('rejects a malformed truth file with the field that is wrong', () => {
    expect(() => checkTruth('t.json', { fps: 0, labels: {} })).toThrow(TruthFileError);
    expect(() => checkTruth('t.json', { fps: 25, labels: { Cat: [[1.5, 3]] } })).toThrow(/labels\.Cat\[0\]/);
    expect(() => checkTruth('t.json', { fps: 25, labels: [] })).toThrow(/"labels" must be an object/);
  });
});

function clip(first: number, last: number, label = 'Cat', status: ClipRecord['status'] = 'ready'): ScanClip {
  return {
    firstFrame: first,
    lastFrame: last,
    frameRate: 25,
    record: { id: `c${first}`, label, status, startFrame: `s${first}`, endFrame: `e${last}` } as ClipRecord,
  };
}

describe('editor exports', () => {
  it('timecodes count whole frames at the rounded rate', () => {
    expect(timecode(0, 25)).toBe('00:00:00:00');
    expect(timecode(1517, 25)).toBe('00:01:00:17');
    expect(timecode(90_000, 25)).toBe('01:00:00:00');
  });

  it('the EDL lists ready clips in source order with exclusive out points, end to end on the record side', () => {
    const edl = buildEdl('demo', [clip(4000, 4449), clip(1517, 2016), clip(10, 20, 'Cat', 'failed')]);
    const events = edl.split('\n').filter((l) => /^\d{3} /.test(l));
    expect(events).toEqual([
      '001  AX       V     C        00:01:00:17 00:01:20:17 00:00:00:00 00:00:20:00',
      '002  AX       V     C        00:02:40:00 00:02:58:00 00:00:20:00 00:00:38:00',
    ]);
    expect(edl.startsWith('TITLE: demo\nFCM: NON-DROP FRAME\n')).toBe(true);
    expect(edl).toContain('* FROM CLIP NAME: c1517.mp4');
  });

  it('chapters are WebVTT cues on the source clock', () => {
    expect(buildChapters([clip(1517, 2016)])).toBe('WEBVTT\n\n1\n00:01:00.680 --> 00:01:20.680\nCat 1 (500 frames)\n');
  });
});

describe('probing', () => {
  const listing = (stream: string): string =>
    `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':\n  Duration: 00:10:00.04, start: 0.000000, bitrate: 900 kb/s\n${stream}`;

  it("reads container, duration, codec, size and rate from ffmpeg's listing", () => {
    expect(
      parseProbe(
        listing(
          '    Stream #0:0(und): Video: h264 (Main) (avc1 / 0x31637661), yuv420p, 1280x720 [SAR 1:1 DAR 16:9], 900 kb/s, 25 fps, 25 tbr\n    Stream #0:1(und): Audio: aac (LC), 48000 Hz',
        ),
      ),
    ).toEqual({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 600.04,
      videoCodec: 'h264',
      width: 1280,
      height: 720,
      frameRate: 25,
      audioCodec: 'aac',
    });
  });

  it('treats cover art as no video (an audio file)', () => {
    const error = (() => {
      try {
        checkProbe(
          'song.m4a',
          listing(
            '    Stream #0:0: Audio: aac (LC)\n    Stream #0:1: Video: mjpeg, yuvj420p, 600x600, 90k tbr (attached pic)',
          ),
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScanInputError);
    expect((error as ScanInputError).problem).toBe('audio-only');
  });

  it('names a truncated MP4 that lost its index', () => {
    const listing =
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\ncut.mp4: Invalid data found when processing input';
    expect(() => checkProbe('cut.mp4', listing, true)).toThrow(
      /scan: cut\.mp4: is an MP4\/MOV without its index \(moov atom not found\)/,
    );
    // A text file named .mp4 gets the same complaint from ffmpeg, but it is simply not media.
    expect(() => checkProbe('cut.mp4', listing, false)).toThrow(/scan: cut\.mp4: is not a media file/);
  });

  it('keeps the declared rate when the measured one differs only by millisecond rounding', () => {
    expect(nominalRate(30.303, 30)).toBe(30);
    expect(nominalRate(50, 25)).toBe(50);
    expect(nominalRate(29.97, undefined)).toBe(29.97);
  });
});

describe('options', () => {
  it('parses repeatable labels, detector, out, truth and json', () => {
    expect(
      parseCli([
        'in.mp4',
        '--label',
        'Cat:60',
        '--label',
        'Dog',
        '--detector',
        'rekognition',
        '--out',
        'o',
        '--truth',
        't.json',
        '--json',
      ]),
    ).toEqual({
      input: 'in.mp4',
      labels: ['Cat:60', 'Dog'],
      detector: 'rekognition',
      out: 'o',
      truth: 't.json',
      json: true,
    });
  });

  it('rejects a bad detector, a missing input and unknown flags as usage errors', () => {
    expect(() => parseCli(['in.mp4', '--detector', 'magic'])).toThrow(ScanUsageError);
    expect(() => parseCli([])).toThrow(/exactly one input/);
    expect(() => parseCli(['in.mp4', '--bogus'])).toThrow(ScanUsageError);
  });

  it("uses parse's LABELS parser and defaults, naming the flag in its errors", () => {
    const settings = readScanSettings({ channel: 'demo', labels: ['Cat:60:1:2'], detector: 'local' }, {});
    expect(settings.triggers).toEqual([{ label: 'Cat', minConfidence: 60, preRollSeconds: 1, postRollSeconds: 2 }]);
    expect(settings).toMatchObject({ cutThreshold: 0.3, exitSamples: 2, maxClipSeconds: 120, detector: 'local' });
    expect(() => readScanSettings({ channel: 'demo', labels: ['Cat:200'], detector: 'local' }, {})).toThrow(
      /--label: .*minConfidence "200"/,
    );
    expect(
      readScanSettings({ channel: 'demo', labels: [], detector: 'local' }, { CUT_THRESHOLD: '0.4' }).cutThreshold,
    ).toBe(0.4);
  });

  it('names the channel after the input', () => {
    expect(channelFor('/videos/Last Night (final).mp4')).toBe('Last-Night-final-');
    expect(channelFor('http://127.0.0.1:8080/shows/catshow/index.m3u8')).toBe('catshow');
    expect(channelFor('https://cdn.example/live/cats.m3u8')).toBe('cats');
  });
});

describe('readAhead', () => {
  it('starts producing the next item while the consumer works on the current one', async () => {
    const log: string[] = [];
    async function* produce(): AsyncGenerator<number> {
      for (let i = 0; i < 3; i++) {
        log.push(`start ${i}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`made ${i}`);
        yield i;
      }
    }
    for await (const i of readAhead(produce(), 1)) {
      log.push(`consume ${i}`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`done ${i}`);
    }
    // Item 1 was made while item 0 was being consumed: that is the overlap.
    expect(log.indexOf('start 1')).toBeLessThan(log.indexOf('consume 0'));
    expect(log.indexOf('made 1')).toBeLessThan(log.indexOf('done 0'));
    expect(log.filter((l) => l.startsWith('consume'))).toEqual(['consume 0', 'consume 1', 'consume 2']);
  });

  it('passes a producer error to the consumer', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('boom');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const i of readAhead(failing(), 2)) seen.push(i);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
  });
});

describe('ScanMemoryStore', () => {
  it('forgets parts and samples behind the horizon and keeps timelines apart', async () => {
    const { ScanMemoryStore } = await import('../src/memory-store');
    const store = new ScanMemoryStore('demo', '/nonexistent');
    const part = (seq: number, timeline: number) => ({
      mediaSequence: seq,
      frameCount: 50,
      startTime: seq * 2000,
      frameRate: 25,
      discontinuitySequence: timeline,
      path: `/p/${seq}.ts`,
      durationSeconds: 2,
    });
    for (let seq = 0; seq < 5; seq++) {
      store.addPart(part(seq, seq < 3 ? 0 : 1));
      store.addSamples([{ frame: { mediaSequence: seq, index: 0 }, time: seq * 2000, isCut: seq === 1 }]);
    }
    // Samples before the first sample of timeline 1 stop at the break.
    expect(await store.samplesBefore('demo', 8000, 10)).toEqual([
      { frame: { mediaSequence: 3, index: 0 }, time: 6000, isCut: false },
    ]);
    expect((await store.samplesBefore('demo', 4000, 10)).map((s) => s.time)).toEqual([2000, 0]);
    const dropped = store.prune(4000);
    expect(dropped.map((p) => p.path)).toEqual(['/p/0.ts']);
    expect(store.heldParts()).toHaveLength(4);
    expect((await store.samplesAfter('demo', 3999, 10_000, 10)).map((s) => s.time)).toEqual([4000]);
  });
});
