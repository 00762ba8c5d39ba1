import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseSegment,
  InvalidSegmentError,
  makeTempDir,
  removePaths,
  runFfmpeg,
  type SegmentAnalysis,
} from '../src/index';
import { makeProgram, STANDARD_SCENES, type Program } from './helpers/program';

let dir: string;
let program: Program;
let analyses: SegmentAnalysis[];

beforeAll(async () => {
  dir = await makeTempDir('media-analyse-test-');
  program = await makeProgram({ dir, width: 640, height: 360, scenes: STANDARD_SCENES, toneScene: 3 });
  analyses = [];
  let carry: SegmentAnalysis['carry'] | undefined;
  for (const seg of program.segments) {
    // Round-trip the carry through JSON: it must be serialisable.
    const result = await analyseSegment({
      segmentPath: seg.path,
      outputDir: join(dir, `out${seg.mediaSequence}`),
      carry,
    });
    carry = JSON.parse(JSON.stringify(result.carry)) as SegmentAnalysis['carry'];
    analyses.push(result);
  }
}, 120_000);

afterAll(async () => {
  await removePaths(dir);
});

/** Scene scores from one continuous ffmpeg run over all segments joined (the reference), after `scale` when given. */
async function continuousScores(paths: string[], scale?: string): Promise<number[]> {
  const joined = join(dir, 'joined.ts');
  await writeFile(joined, Buffer.concat(await Promise.all(paths.map((p) => readFile(p)))));
  const scores: number[] = [];
  const filter = `${scale ? `${scale},` : ''}select='gte(scene,0)',metadata=mode=print`;
  await runFfmpeg(['-i', joined, '-vf', filter, '-f', 'null', '-'], {
    timeoutMs: 60_000,
    onStderrLine: (line) => {
      const m = /lavfi\.scene_score=([\d.]+)/.exec(line);
      if (m) scores.push(Number(m[1]));
    },
  });
  return scores;
}

describe('analyseSegment', () => {
  it('reports every frame with its offset and keyframe flag', () => {
    for (const a of analyses) {
      expect(a.frames).toHaveLength(program.framesPerSegment);
      expect(a.frames.map((f) => f.index)).toEqual([...Array(program.framesPerSegment).keys()]);
      expect(a.frames[0]?.offsetSeconds).toBe(0);
      expect(a.frames[59]?.offsetSeconds).toBeCloseTo(59 / 30, 6);
      expect(a.frames.filter((f) => f.keyframe).map((f) => f.index)).toEqual([0]);
      expect([a.width, a.height, a.frameRate, a.duration]).toEqual([640, 360, 30, 2]);
    }
  });

  it('finds cuts inside segments and exactly on segment boundaries, and nothing else', () => {
    const found = analyses.flatMap((a, s) => a.cuts.map((i) => s * program.framesPerSegment + i));
    expect(found).toEqual(program.cutFrames);
    expect(analyses[1]?.cuts).toEqual([0]);
    expect(analyses[4]?.cuts).toEqual([0]);
  });

  it("gives scene scores equal to one continuous ffmpeg run, including every segment's first frame", async () => {
    const reference = await continuousScores(program.segments.map((s) => s.path));
    const ours = analyses.flatMap((a) => a.frames.map((f) => f.sceneScore));
    expect(ours).toHaveLength(reference.length);
    expect(ours).toEqual(reference);
    for (const a of analyses.slice(1)) expect(a.boundaryScored).toBe(true);
  });

  it('scores frame 0 as 0 without history, and the same as the artefact when given the previous segment file', async () => {
    const seg1 = program.segments[1]?.path ?? '';
    const naive = await analyseSegment({ segmentPath: seg1, outputDir: join(dir, 'naive'), keepBoundary: false });
    expect(naive.frames[0]?.sceneScore).toBe(0);
    expect(naive.boundaryScored).toBe(false);
    const viaFile = await analyseSegment({
      segmentPath: seg1,
      outputDir: join(dir, 'viafile'),
      previousSegmentPath: program.segments[0]?.path,
    });
    expect(viaFile.boundaryScored).toBe(true);
    expect(viaFile.frames.map((f) => f.sceneScore)).toEqual(analyses[1]?.frames.map((f) => f.sceneScore));
  });

  it('samples every cut plus one frame per sampleInterval inside a scene, skipping near-duplicates', () => {
    const samples = analyses.map((a) => a.samples.map((s) => s.index));
    // seg0: start (no history), 1 s later in moving testsrc, cut at 45
    expect(samples[0]).toEqual([0, 30, 45]);
    // seg1: boundary cut into the static cat shot; the 1 s candidate is a duplicate of it
    expect(samples[1]).toEqual([0]);
    expect(analyses[1]?.skippedDuplicates).toEqual([30]);
    // seg2: the static shot again (duplicate), then the cut at 150
    expect(analyses[2]?.skippedDuplicates).toEqual([0]);
    expect(samples[2]).toEqual([30]);
    // seg3: moving testsrc2 keeps the 1 s rhythm across the segment boundary (frames 180, 210)
    expect(samples[3]).toEqual([0, 30]);
    // seg4: boundary cut, then 1 s later
    expect(samples[4]).toEqual([0, 30]);
    for (const a of analyses) {
      for (const s of a.samples) {
        expect(s.isCut).toBe(a.cuts.includes(s.index));
        expect(s.sceneScore).toBe(a.frames[s.index]?.sceneScore);
      }
      for (const c of a.cuts) expect(a.samples.map((s) => s.index)).toContain(c);
    }
  });

  it('writes a JPEG for each sample and for nothing else', async () => {
    for (const [s, a] of analyses.entries()) {
      const files = (await readdir(join(dir, `out${s}`))).filter((f) => f.endsWith('.jpg')).sort();
      expect(files).toEqual(a.samples.map((x) => `${x.index}.jpg`).sort());
      for (const sample of a.samples) {
        const jpeg = await readFile(sample.jpegPath);
        expect([jpeg[0], jpeg[1], jpeg[jpeg.length - 2], jpeg[jpeg.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
      }
    }
  });

  it('scores and samples frames scaled down to analysisMaxWidth, still equal to a continuous run of that picture', async () => {
    let carry: SegmentAnalysis['carry'] | undefined;
    const small: SegmentAnalysis[] = [];
    for (const seg of program.segments) {
      const a = await analyseSegment({
        segmentPath: seg.path,
        outputDir: join(dir, `small${seg.mediaSequence}`),
        carry,
        analysisMaxWidth: 320,
      });
      carry = a.carry;
      small.push(a);
    }
    const reference = await continuousScores(
      program.segments.map((s) => s.path),
      "scale='min(iw,320)':-2:flags=area,format=yuv420p",
    );
    expect(small.flatMap((a) => a.frames.map((f) => f.sceneScore))).toEqual(reference);
    // Still the source's size in the analysis, and the same cuts as at full size.
    expect([small[0]?.width, small[0]?.height]).toEqual([640, 360]);
    expect(small.map((a) => a.cuts)).toEqual(analyses.map((a) => a.cuts));
    const first = small[0]?.samples[0];
    expect(first).toBeDefined();
    let size = '';
    await runFfmpeg(['-i', first?.jpegPath ?? '', '-f', 'null', '-'], {
      timeoutMs: 10_000,
      onStderrLine: (l) => {
        const m = /Video: mjpeg.*?(\d+x\d+)/.exec(l);
        if (m) size = m[1] ?? '';
      },
    });
    expect(size).toBe('320x180');
  });

  it('rejects an odd analysisMaxWidth', async () => {
    await expect(
      analyseSegment({
        segmentPath: program.segments[0]?.path ?? '',
        outputDir: join(dir, 'oddw'),
        analysisMaxWidth: 321,
      }),
    ).rejects.toThrow(/analysisMaxWidth must be an even whole number, got 321/);
  });
});

describe('analyseSegment bad input', () => {
  it.each([
    ['zero-byte', Buffer.alloc(0), /zero-byte/],
    ['non-video text', Buffer.from('#EXTM3U\nnot a segment\n'.repeat(20)), /not an MPEG-TS/],
    ['short garbage', Buffer.from([0x47, 1, 2, 3]), /truncated/],
  ])('rejects a %s file with InvalidSegmentError naming it', async (name, bytes, problem) => {
    const path = join(dir, `bad-${name.replace(/\W/g, '')}.ts`);
    await writeFile(path, bytes);
    const out = join(dir, `bad-out-${name.replace(/\W/g, '')}`);
    const error = await analyseSegment({ segmentPath: path, outputDir: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSegmentError);
    expect((error as InvalidSegmentError).file).toBe(path);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(problem);
  });

  it('rejects an audio-only TS', async () => {
    const path = join(dir, 'audio-only.ts');
    await runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', '-f', 'mpegts', path], { timeoutMs: 30_000 });
    await expect(analyseSegment({ segmentPath: path, outputDir: join(dir, 'ao') })).rejects.toThrow(
      /no H\.264\/HEVC video/,
    );
  });

  it.each([
    ['mid-packet', 1000],
    ['on a packet boundary (detected against the playlist duration)', 0],
  ])('rejects a segment cut off %s without leaving JPEGs behind', async (_name, extra) => {
    const whole = await readFile(program.segments[2]?.path ?? '');
    const path = join(dir, `truncated${extra}.ts`);
    await writeFile(path, whole.subarray(0, 188 * Math.floor(whole.length / 3 / 188) + extra));
    const out = join(dir, `trunc-out${extra}`);
    const error = await analyseSegment({ segmentPath: path, outputDir: out, expectedDuration: 2 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidSegmentError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/truncated/);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('rejects a missing file', async () => {
    await expect(analyseSegment({ segmentPath: join(dir, 'nope.ts'), outputDir: join(dir, 'x') })).rejects.toThrow(
      /nope\.ts: cannot read/,
    );
  });
});

describe('analyseSegment with an unusable boundary artefact', () => {
  it('falls back to the previous segment file when the artefact does not fit the segment', async () => {
    const seg1 = program.segments[1]?.path ?? '';
    const carry = JSON.parse(JSON.stringify(analyses[0]?.carry)) as SegmentAnalysis['carry'];
    // An artefact from another channel: wrong size for this segment.
    const odd = join(dir, 'odd-boundary.raw');
    await writeFile(odd, Buffer.alloc(2 * 320 * 180 * 1.5, 16));
    carry.boundary = { path: odd, width: 320, height: 180, pixFmt: 'yuv420p', frames: 2, frameRate: 30 };
    const result = await analyseSegment({
      segmentPath: seg1,
      outputDir: join(dir, 'odd'),
      carry,
      previousSegmentPath: program.segments[0]?.path,
    });
    expect(result.boundaryScored).toBe(true);
    expect(result.frames.map((f) => f.sceneScore)).toEqual(analyses[1]?.frames.map((f) => f.sceneScore));
  });
});
