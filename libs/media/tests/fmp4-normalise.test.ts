import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseSegment,
  InvalidSegmentError,
  makeTempDir,
  normaliseSegmentInput,
  removePaths,
  runFfmpeg,
  scanTs,
  type SegmentAnalysis,
} from '../src/index';
import { ffmpegHlsFmp4, packageAsFmp4, type Fmp4Rendition } from './helpers/fmp4-rendition';
import { CAT_IMAGE, makeProgram, STANDARD_SCENES, type Program } from './helpers/program';

let dir: string;
let program: Program;
let preserved: Fmp4Rendition;
let hls: Fmp4Rendition;

beforeAll(async () => {
  dir = await makeTempDir('media-fmp4-test-');
  // B-frames (veryfast) and an AAC tone: pts != dts, and an audio track to carry over.
  await mkdir(join(dir, 'ts'));
  program = await makeProgram({ dir: join(dir, 'ts'), width: 320, height: 180, scenes: STANDARD_SCENES, toneScene: 3 });
  preserved = await packageAsFmp4(program.segments, join(dir, 'cmaf'));
  hls = await ffmpegHlsFmp4(program.segments, join(dir, 'hls-fmp4'), 2);
}, 180_000);

afterAll(async () => {
  await removePaths(dir);
});

/** md5 of every decoded video frame, straight from ffmpeg. */
async function md5s(input: string): Promise<string[]> {
  const r = await runFfmpeg(['-i', input, '-map', '0:v:0', '-vsync', '0', '-f', 'framemd5', 'pipe:1'], {
    timeoutMs: 60_000,
  });
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()?.trim() ?? '');
}

async function tsFrames(path: string) {
  const scan = scanTs(await readFile(path), path);
  return { scan, frames: scan.presentation.map((f) => ({ pts: f.pts, dts: f.dts, keyframe: f.keyframe })) };
}

async function ourTempDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('catfinder-fmp4-'));
}

describe('normaliseSegmentInput', () => {
  it('passes MPEG-TS through untouched', async () => {
    const path = program.segments[0]?.path ?? '';
    const n = await normaliseSegmentInput({ segmentPath: path });
    expect(n).toMatchObject({ tsPath: path, format: 'ts' });
    await n.cleanup();
    await access(path);
  });

  it.each(['fragment + separate init', 'self-contained init + fragment'] as const)(
    '%s → TS: every frame keeps its pts, dts, keyframe flag and md5 (timestamp-preserving packager)',
    async (form) => {
      for (const [i, seg] of preserved.segments.entries()) {
        const source = program.segments[i]?.path ?? '';
        const n = await normaliseSegmentInput(
          form === 'self-contained init + fragment'
            ? { segmentPath: seg.selfContainedPath }
            : { segmentPath: seg.fragmentPath, initPath: preserved.initPath },
        );
        try {
          expect(n.format).toBe('fmp4');
          const [want, got] = await Promise.all([tsFrames(source), tsFrames(n.tsPath)]);
          expect(got.frames).toHaveLength(60);
          expect(got.frames).toEqual(want.frames);
          expect(got.scan.hasAudio).toBe(true);
          expect(await md5s(n.tsPath)).toEqual(await md5s(source));
        } finally {
          await n.cleanup();
        }
        await expect(access(n.tsPath)).rejects.toThrow();
      }
    },
    120_000,
  );

  it("ffmpeg's own HLS fMP4 rendition of the same encode: same frames, offsets and md5 as the TS rendition, one continuous timeline", async () => {
    let shift: number | undefined;
    let previousLast: number | undefined;
    for (const [i, seg] of hls.segments.entries()) {
      const source = program.segments[i]?.path ?? '';
      const n = await normaliseSegmentInput({ segmentPath: seg.fragmentPath, initPath: hls.initPath });
      try {
        const [want, got] = await Promise.all([tsFrames(source), tsFrames(n.tsPath)]);
        expect(got.frames.map((f) => f.keyframe)).toEqual(want.frames.map((f) => f.keyframe));
        // Within a segment: every frame's pts − first pts equals the TS rendition's.
        const offsets = (fs: Array<{ pts: number }>) => fs.map((f) => f.pts - (fs[0]?.pts ?? 0));
        expect(offsets(got.frames)).toEqual(offsets(want.frames));
        // Across segments: the renditions differ by ONE constant (the packager's timeline origin) …
        const d = (got.frames[0]?.pts ?? 0) - (want.frames[0]?.pts ?? 0);
        shift ??= d;
        expect(d).toBe(shift);
        // … so consecutive normalised segments continue each other frame-exactly (3000 = 1/30 s).
        if (previousLast !== undefined) expect(got.frames[0]?.pts).toBe(previousLast + 3000);
        previousLast = got.frames.at(-1)?.pts;
        expect(await md5s(n.tsPath)).toEqual(await md5s(source));
      } finally {
        await n.cleanup();
      }
    }
  }, 120_000);

  it('analyseSegment takes fMP4 directly: same frames, scores, cuts and samples as the TS, nothing left behind', async () => {
    const analyse = async (
      paths: Array<{ segmentPath: string; initPath?: string }>,
      name: string,
    ): Promise<SegmentAnalysis[]> => {
      const out: SegmentAnalysis[] = [];
      let carry: SegmentAnalysis['carry'] | undefined;
      for (const [i, p] of paths.entries()) {
        const a = await analyseSegment({ ...p, outputDir: join(dir, name, String(i)), carry });
        expect(a.segmentPath).toBe(p.segmentPath);
        carry = a.carry;
        out.push(a);
      }
      return out;
    };
    const before = await ourTempDirs();
    const [fromTs, fromFmp4] = [
      await analyse(
        program.segments.map((s) => ({ segmentPath: s.path })),
        'an-ts',
      ),
      await analyse(
        preserved.segments.map((s) => ({ segmentPath: s.fragmentPath, initPath: preserved.initPath })),
        'an-fmp4',
      ),
    ];
    const view = (a: SegmentAnalysis) => ({
      frames: a.frames.map((f) => [f.index, f.pts, f.offsetSeconds, f.keyframe, f.sceneScore]),
      cuts: a.cuts,
      samples: a.samples.map((s) => [s.index, s.isCut, s.sceneScore]),
    });
    expect(fromFmp4.map(view)).toEqual(fromTs.map(view));
    // the programme's cuts at 45, 60 (segment boundary), 150 and 240 (boundary) are all found
    expect(fromFmp4.flatMap((a, i) => a.cuts.map((c) => i * 60 + c))).toEqual(program.cutFrames);
    expect(await ourTempDirs()).toEqual(before);
  }, 120_000);

  it('analyseSegment scores frame 0 of a self-contained fMP4 segment across the boundary from an fMP4 previous segment', async () => {
    const [prev, cur] = [preserved.segments[0], preserved.segments[1]];
    if (!prev || !cur) throw new Error('the fMP4 rendition has fewer than two segments');
    const a = await analyseSegment({
      segmentPath: cur.selfContainedPath,
      previousSegmentPath: prev.selfContainedPath,
      outputDir: join(dir, 'an-sc'),
    });
    const ts = await analyseSegment({
      segmentPath: program.segments[1]?.path ?? '',
      previousSegmentPath: program.segments[0]?.path ?? '',
      outputDir: join(dir, 'an-sc-ts'),
    });
    expect(a.boundaryScored).toBe(true);
    expect(a.frames.map((f) => f.sceneScore)).toEqual(ts.frames.map((f) => f.sceneScore));
    expect(a.cuts).toContain(0); // frame 60 of the programme is a cut on the boundary
  }, 60_000);

  it('cleanup() removes the temp directory it created', async () => {
    const seg = preserved.segments[1];
    const n = await normaliseSegmentInput({ segmentPath: seg?.fragmentPath ?? '', initPath: preserved.initPath });
    expect((await ourTempDirs()).some((d) => n.tsPath.includes(d))).toBe(true);
    await n.cleanup();
    expect((await ourTempDirs()).some((d) => n.tsPath.includes(d))).toBe(false);
  });
});

describe('normaliseSegmentInput bad input', () => {
  const fragment = () => preserved.segments[2]?.fragmentPath ?? '';
  async function rejectsCleanly(
    options: { segmentPath: string; initPath?: string },
    file: string,
    problem: RegExp,
  ): Promise<void> {
    const before = await ourTempDirs();
    const outputDir = await makeTempDir('media-fmp4-bad-');
    for (const o of [options, { ...options, outputDir }]) {
      const error = await normaliseSegmentInput(o).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidSegmentError);
      expect((error as InvalidSegmentError).file).toBe(file);
      expect((error as Error).message).toContain(file);
      expect((error as InvalidSegmentError).problem).toMatch(problem);
    }
    expect(await readdir(outputDir)).toEqual([]);
    expect(await ourTempDirs()).toEqual(before);
    await removePaths(outputDir);
  }

  it('rejects an fMP4 fragment without its init section', async () => {
    await rejectsCleanly({ segmentPath: fragment() }, fragment(), /without an init section/);
  });

  it('rejects a truncated mdat', async () => {
    const bytes = await readFile(fragment());
    const path = join(dir, 'truncated-mdat.m4s');
    await writeFile(path, bytes.subarray(0, bytes.length - 1000));
    await rejectsCleanly(
      { segmentPath: path, initPath: preserved.initPath },
      path,
      /truncated: box mdat at byte \d+ declares \d+ bytes but only \d+ remain/,
    );
  });

  it('rejects a truncated moof', async () => {
    const bytes = await readFile(fragment());
    const path = join(dir, 'truncated-moof.m4s');
    await writeFile(path, bytes.subarray(0, 200));
    await rejectsCleanly({ segmentPath: path, initPath: preserved.initPath }, path, /truncated: box moof at byte 0/);
  });

  it('rejects a self-contained segment cut inside its fragment', async () => {
    const bytes = await readFile(preserved.segments[2]?.selfContainedPath ?? '');
    const path = join(dir, 'truncated-self.mp4');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await rejectsCleanly({ segmentPath: path }, path, /truncated: box mdat/);
  });

  it('rejects a non-video file (a PNG)', async () => {
    await rejectsCleanly({ segmentPath: CAT_IMAGE }, CAT_IMAGE, /neither MPEG-TS .* nor fMP4/);
  });

  it('rejects a zero-byte file', async () => {
    const path = join(dir, 'empty.m4s');
    await writeFile(path, '');
    await rejectsCleanly({ segmentPath: path, initPath: preserved.initPath }, path, /zero-byte/);
  });

  it('rejects an audio-only fMP4, naming its init section', async () => {
    const audio = join(dir, 'audio-only.mp4');
    await runFfmpeg(
      [
        '-f',
        'lavfi',
        '-i',
        'sine=d=1',
        '-c:a',
        'aac',
        '-movflags',
        'frag_keyframe+empty_moov+default_base_moof',
        '-f',
        'mp4',
        audio,
      ],
      {
        timeoutMs: 30_000,
      },
    );
    await rejectsCleanly({ segmentPath: audio }, audio, /init section has no video track/);
  });

  it('rejects an init path that is not an init section', async () => {
    await rejectsCleanly(
      { segmentPath: fragment(), initPath: preserved.segments[1]?.fragmentPath ?? '' },
      preserved.segments[1]?.fragmentPath ?? '',
      /not an fMP4 init section/,
    );
  });
});
