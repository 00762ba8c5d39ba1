import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cutClip,
  InvalidClipRequestError,
  InvalidSegmentError,
  makeTempDir,
  removePaths,
  runFfmpeg,
  type ClipSegment,
} from '../src/index';
import { withCutFault } from '../src/testing/index';
import { makeProgram, STANDARD_SCENES, type Program } from './helpers/program';

let dir: string;
let lossless: Program;
let normal: Program;

beforeAll(async () => {
  dir = await makeTempDir('media-clip-test-');
  const [a, b] = await Promise.all([
    makeProgram({
      dir: await makeTempDir('media-clip-lossless-'),
      width: 320,
      height: 180,
      scenes: STANDARD_SCENES,
      lossless: true,
    }),
    makeProgram({
      dir: await makeTempDir('media-clip-normal-'),
      width: 640,
      height: 360,
      scenes: STANDARD_SCENES,
      toneScene: 3,
    }),
  ]);
  lossless = a;
  normal = b;
}, 120_000);

afterAll(async () => {
  await removePaths(dir, ...[lossless, normal].flatMap((p) => (p ? [join(p.segments[0]?.path ?? '', '..')] : [])));
});

/** md5 of every decoded frame, straight from ffmpeg (independent of the library's own verification). */
async function md5s(input: string, filter?: string): Promise<string[]> {
  const r = await runFfmpeg(
    ['-i', input, '-map', '0:v:0', ...(filter ? ['-vf', filter] : []), '-vsync', '0', '-f', 'framemd5', 'pipe:1'],
    {
      timeoutMs: 60_000,
    },
  );
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()?.trim() ?? '');
}

async function joinedSource(program: Program, name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.concat(await Promise.all(program.segments.map((s) => readFile(s.path)))));
  return path;
}

const seg = (p: Program): ClipSegment[] => p.segments;

describe('cutClip in lossless test mode', () => {
  it.each(['smart', 'reencode'] as const)(
    '%s: a clip spanning 4 segments is frame-exact (every md5 equals the source frame)',
    async (method) => {
      const out = join(dir, `lossless-${method}.mp4`);
      // global frames 50 .. 190 (seg0#50 .. seg3#10): head 10, copied 120 (seg1+seg2), tail 11
      const result = await cutClip({
        segments: seg(lossless),
        first: { mediaSequence: 0, index: 50 },
        last: { mediaSequence: 3, index: 10 },
        outputPath: out,
        method,
        lossless: true,
      });
      expect(result.method).toBe(method);
      expect(result.verification).toMatchObject({ passed: true, method: 'framemd5', frameCount: 141 });
      if (method === 'smart') expect(result.parts).toEqual({ headFrames: 10, copiedFrames: 120, tailFrames: 11 });
      const source = await md5s(await joinedSource(lossless, `src-${method}.ts`), "select='between(n,50,190)'");
      const clip = await md5s(out);
      expect(source).toHaveLength(141);
      expect(clip).toEqual(source);
    },
  );

  it('copies whole segments without re-encoding when the range starts on a keyframe and ends on a GOP boundary', async () => {
    const out = join(dir, 'aligned.mp4');
    const result = await cutClip({
      segments: seg(lossless),
      first: { mediaSequence: 1, index: 0 },
      last: { mediaSequence: 3, index: 59 },
      outputPath: out,
      lossless: true,
    });
    expect(result.method).toBe('smart');
    expect(result.parts).toEqual({ headFrames: 0, copiedFrames: 180, tailFrames: 0 });
    const source = await md5s(await joinedSource(lossless, 'src-aligned.ts'), "select='between(n,60,239)'");
    expect(await md5s(out)).toEqual(source);
  });

  it('re-encodes a range inside one GOP and says why', async () => {
    const out = join(dir, 'inside.mp4');
    const result = await cutClip({
      segments: seg(lossless),
      first: { mediaSequence: 2, index: 5 },
      last: { mediaSequence: 2, index: 40 },
      outputPath: out,
      lossless: true,
    });
    expect(result.method).toBe('reencode');
    expect(result.fallbackReason).toMatch(/no whole GOP/);
    const source = await md5s(await joinedSource(lossless, 'src-inside.ts'), "select='between(n,125,160)'");
    expect(await md5s(out)).toEqual(source);
  });

  it('falls back to a full re-encode when the smart cut fails verification', async () => {
    const out = join(dir, 'fallback.mp4');
    const result = await cutClip(
      withCutFault(
        {
          segments: seg(lossless),
          first: { mediaSequence: 0, index: 30 },
          last: { mediaSequence: 2, index: 20 },
          outputPath: out,
          lossless: true,
        },
        'drop-last-smart-frame',
      ),
    );
    expect(result.method).toBe('reencode');
    expect(result.fallbackReason).toMatch(/smart cut failed verification: frame count 110 != requested 111/);
    expect(result.verification.passed).toBe(true);
    const source = await md5s(await joinedSource(lossless, 'src-fallback.ts'), "select='between(n,30,140)'");
    expect(await md5s(out)).toEqual(source);
  });
});

describe('cutClip on a normal (lossy, B-frame, with audio) stream', () => {
  let smart: Awaited<ReturnType<typeof cutClip>>;
  const out = () => join(dir, 'normal-smart.mp4');

  beforeAll(async () => {
    // global 100 .. 259: head 20 (seg1), copied seg2+seg3, tail 20 (seg4)
    smart = await cutClip({
      segments: seg(normal),
      first: { mediaSequence: 1, index: 40 },
      last: { mediaSequence: 4, index: 19 },
      outputPath: out(),
    });
  }, 120_000);

  it('smart-cuts and verifies first/last frames by PSNR against the source and its neighbours', async () => {
    expect(smart.method).toBe('smart');
    expect(smart.parts).toEqual({ headFrames: 20, copiedFrames: 120, tailFrames: 20 });
    expect(smart.verification.passed).toBe(true);
    expect(smart.verification.method).toBe('psnr');
    expect(smart.frameCount).toBe(160);
    expect(smart.durationSeconds).toBeCloseTo(160 / 30, 6);
    // independent count, and the copied middle is bit-identical to the source GOPs
    const clip = await md5s(out());
    expect(clip).toHaveLength(160);
    const source = await md5s(await joinedSource(normal, 'src-normal.ts'), "select='between(n,100,259)'");
    expect(clip.slice(20, 140)).toEqual(source.slice(20, 140));
  });

  it('writes +faststart MP4 (moov before mdat) and a poster JPEG', async () => {
    const bytes = await readFile(out());
    expect(bytes.indexOf('moov')).toBeGreaterThan(0);
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    const poster = await readFile(smart.posterPath);
    expect([poster[0], poster[1]]).toEqual([0xff, 0xd8]);
  });

  it('keeps the audio in sync within one frame (tone starts and stops on the scene cut frames)', async () => {
    expect(smart.hasAudio).toBe(true);
    const r = await runFfmpeg(['-i', out(), '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', 'pipe:1'], {
      timeoutMs: 30_000,
    });
    const pcm = new Int16Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.length / 2);
    let onset = -1;
    let offset = -1;
    for (let i = 0; i < pcm.length; i++) {
      if (Math.abs(pcm[i] ?? 0) > 0.25 * 32767) {
        if (onset < 0) onset = i;
        offset = i;
      }
    }
    const [toneStart, toneEnd] = normal.tone ?? [0, 0];
    const frame = 1 / 30;
    expect(Math.abs(onset / 48000 - (toneStart - 100) * frame)).toBeLessThan(frame);
    expect(Math.abs(offset / 48000 - (toneEnd - 100) * frame)).toBeLessThan(frame);
    expect(Math.abs(pcm.length / 48000 - 160 * frame)).toBeLessThan(frame);
  });

  it('re-encode path verifies too', async () => {
    const o = join(dir, 'normal-reencode.mp4');
    const r = await cutClip({
      segments: seg(normal),
      first: { mediaSequence: 1, index: 40 },
      last: { mediaSequence: 4, index: 19 },
      outputPath: o,
      method: 'reencode',
    });
    expect(r.method).toBe('reencode');
    expect(r.fallbackReason).toBeUndefined();
    expect(r.verification).toMatchObject({ passed: true, method: 'psnr', frameCount: 160 });
    expect(await md5s(o)).toHaveLength(160);
  });
});

describe('cutClip bad input', () => {
  const outDir = () => join(dir, 'bad');
  async function expectNothingWritten(): Promise<void> {
    expect(await readdir(outDir()).catch(() => [])).toEqual([]);
  }

  it('rejects a non-contiguous segment list', async () => {
    const segments = [lossless.segments[0], lossless.segments[2]].filter((s): s is ClipSegment => s !== undefined);
    const error = await cutClip({
      segments,
      first: { mediaSequence: 0, index: 0 },
      last: { mediaSequence: 2, index: 10 },
      outputPath: join(outDir(), 'x.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidClipRequestError);
    expect((error as Error).message).toMatch(/not contiguous/);
    expect((error as Error).message).toContain(lossless.segments[2]?.path);
    await expectNothingWritten();
  });

  it('rejects a frame outside the inputs, naming the segment', async () => {
    const error = await cutClip({
      segments: seg(lossless).slice(0, 2),
      first: { mediaSequence: 0, index: 10 },
      last: { mediaSequence: 1, index: 75 },
      outputPath: join(outDir(), 'x.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidClipRequestError);
    expect((error as Error).message).toMatch(/last frame 75 is outside .*seg1\.ts \(sequence 1 has 60 frames\)/);
    await expectNothingWritten();
  });

  it('rejects a last frame before the first', async () => {
    await expect(
      cutClip({
        segments: seg(lossless),
        first: { mediaSequence: 2, index: 10 },
        last: { mediaSequence: 1, index: 10 },
        outputPath: join(outDir(), 'x.mp4'),
      }),
    ).rejects.toThrow(InvalidClipRequestError);
  });

  it('rejects a zero-byte segment naming the file, leaving nothing at the output', async () => {
    const empty = join(dir, 'empty.ts');
    await writeFile(empty, '');
    const segments = [lossless.segments[0], { path: empty, mediaSequence: 1 }].filter(
      (s): s is ClipSegment => s !== undefined,
    );
    const error = await cutClip({
      segments,
      first: { mediaSequence: 0, index: 0 },
      last: { mediaSequence: 1, index: 10 },
      outputPath: join(outDir(), 'x.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSegmentError);
    expect((error as InvalidSegmentError).file).toBe(empty);
    await expectNothingWritten();
  });
});
