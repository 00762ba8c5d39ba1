import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutClip, InvalidSegmentError, makeTempDir, removePaths, runFfmpeg, type ClipSegment } from '../src/index';
import { ffmpegHlsFmp4, packageAsFmp4, type Fmp4Rendition } from './helpers/fmp4-rendition';
import { makeProgram, STANDARD_SCENES, type Program } from './helpers/program';

let dir: string;
let lossless: Program;
let losslessFmp4: Fmp4Rendition;
let toned: Program;
let tonedFmp4: Fmp4Rendition;

beforeAll(async () => {
  dir = await makeTempDir('media-fmp4-clip-test-');
  await Promise.all(['l', 't'].map((d) => mkdir(join(dir, d))));
  [lossless, toned] = await Promise.all([
    makeProgram({ dir: join(dir, 'l'), width: 320, height: 180, scenes: STANDARD_SCENES, lossless: true }),
    makeProgram({ dir: join(dir, 't'), width: 320, height: 180, scenes: STANDARD_SCENES, toneScene: 3 }),
  ]);
  losslessFmp4 = await packageAsFmp4(lossless.segments, join(dir, 'l-cmaf'));
  // The audio clip uses ffmpeg's own HLS fMP4 packager (its own timeline origin), as served live.
  tonedFmp4 = await ffmpegHlsFmp4(toned.segments, join(dir, 't-fmp4'), 2);
}, 180_000);

afterAll(async () => {
  await removePaths(dir);
});

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

const fragments = (r: Fmp4Rendition): ClipSegment[] =>
  r.segments.map((s) => ({ path: s.fragmentPath, initPath: r.initPath, mediaSequence: s.mediaSequence }));

describe('cutClip over fMP4 segments', () => {
  it.each(['fragments + init', 'self-contained files'] as const)(
    'smart-cuts a clip across 4 fMP4 segments (%s) frame-exactly: every md5 equals the TS source frame',
    async (form) => {
      const out = join(dir, `lossless-${form.replace(/\W/g, '')}.mp4`);
      const segments =
        form === 'fragments + init'
          ? fragments(losslessFmp4)
          : losslessFmp4.segments.map((s) => ({ path: s.selfContainedPath, mediaSequence: s.mediaSequence }));
      // global frames 50 .. 190 (seg0#50 .. seg3#10): head 10, copied 120 (seg1+seg2), tail 11
      const result = await cutClip({
        segments,
        first: { mediaSequence: 0, index: 50 },
        last: { mediaSequence: 3, index: 10 },
        outputPath: out,
        lossless: true,
      });
      expect(result.method).toBe('smart');
      expect(result.parts).toEqual({ headFrames: 10, copiedFrames: 120, tailFrames: 11 });
      expect(result.verification).toMatchObject({ passed: true, method: 'framemd5', frameCount: 141 });
      // Independent of the library: decode the ORIGINAL TS segments joined, take the same frames.
      const joined = join(dir, `src-${form.replace(/\W/g, '')}.ts`);
      await writeFile(joined, Buffer.concat(await Promise.all(lossless.segments.map((s) => readFile(s.path)))));
      const source = await md5s(joined, "select='between(n,50,190)'");
      expect(source).toHaveLength(141);
      expect(await md5s(out)).toEqual(source);
    },
    120_000,
  );

  it('keeps the audio of fMP4 segments in sync within one frame (tone on the scene-cut frames)', async () => {
    const out = join(dir, 'audio.mp4');
    // global 100 .. 259: the tone is scene 3 (frames 150 .. 239)
    const result = await cutClip({
      segments: fragments(tonedFmp4),
      first: { mediaSequence: 1, index: 40 },
      last: { mediaSequence: 4, index: 19 },
      outputPath: out,
    });
    expect(result).toMatchObject({ method: 'smart', hasAudio: true, frameCount: 160 });
    expect(result.verification.passed).toBe(true);
    const r = await runFfmpeg(['-i', out, '-map', '0:a:0', '-ac', '1', '-ar', '48000', '-f', 's16le', 'pipe:1'], {
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
    const [toneStart, toneEnd] = toned.tone ?? [0, 0];
    const frame = 1 / 30;
    expect(Math.abs(onset / 48000 - (toneStart - 100) * frame)).toBeLessThan(frame);
    expect(Math.abs(offset / 48000 - (toneEnd - 100) * frame)).toBeLessThan(frame);
    expect(Math.abs(pcm.length / 48000 - 160 * frame)).toBeLessThan(frame);
  }, 120_000);

  it('rejects a bare fMP4 fragment without its init section, naming it, and writes nothing', async () => {
    const outDir = join(dir, 'bad');
    await mkdir(outDir);
    const segments = fragments(losslessFmp4).slice(0, 3);
    const bare = { path: segments[1]?.path ?? '', mediaSequence: 1 };
    const error = await cutClip({
      segments: [segments[0]!, bare, segments[2]!],
      first: { mediaSequence: 0, index: 10 },
      last: { mediaSequence: 2, index: 10 },
      outputPath: join(outDir, 'x.mp4'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSegmentError);
    expect((error as InvalidSegmentError).file).toBe(bare.path);
    expect((error as Error).message).toMatch(/without an init section/);
    expect(await readdir(outDir)).toEqual([]);
  });
});
