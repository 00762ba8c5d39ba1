/**
 * The benchmark programme: 10 minutes, 1280x720, 25 fps, 2 s closed GOPs, rendered once with the
 * demo channel's own recipe (`programArgs` with its `size` option: fixture stills, slow zoom, hard cuts), and
 * cached under $TMPDIR by a hash of the ffmpeg arguments. Cat scenes: one starting mid-GOP, one
 * exactly on a 2 s part boundary, two 3 s apart, one more mid-GOP; a person (astronaut) scene.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchedule, programArgs, TEST_PATTERN } from '@catfinder/demo-channel';
import { runFfmpeg, writeAtomically } from '@catfinder/media';

export const BENCH_FPS = 25;
export const BENCH_SIZE = { width: 1280, height: 720 } as const;
const RENDER_TIMEOUT_MS = 30 * 60_000;

/** Scenes as [name, image, frames]; the cat is `chelsea.png`. */
const LAYOUT: readonly (readonly [string, string, number])[] = [
  ['testpattern', TEST_PATTERN, 600],
  ['coffee', 'coffee.png', 917],
  ['cat', 'chelsea.png', 500], // 1517: mid-GOP (1517 % 50 = 17)
  ['rocket', 'rocket.jpg', 983],
  ['hubble', 'hubble_deep_field.jpg', 1000],
  ['cat', 'chelsea.png', 450], // 4000: on a part boundary
  ['horse', 'horse.png', 1060],
  ['cat', 'chelsea.png', 250], // 5510
  ['coffee', 'coffee.png', 75], // 3 s between two cat scenes
  ['cat', 'chelsea.png', 300], // 5835
  ['rocket', 'rocket.jpg', 1365],
  ['person', 'astronaut.png', 500], // 7500: a person, not a cat
  ['hubble', 'hubble_deep_field.jpg', 2033],
  ['cat', 'chelsea.png', 623], // 10033: mid-GOP
  ['coffee', 'coffee.png', 1344],
  ['horse', 'horse.png', 1500],
  ['testpattern', TEST_PATTERN, 1500],
];

export const benchSchedule = buildSchedule(
  LAYOUT.map(([name, image, frames]) => ({ name, image, seconds: frames / BENCH_FPS })),
  2,
  BENCH_FPS,
);

/** The truth: every cat scene as an inclusive frame range. */
export function benchTruth(): { fps: number; labels: { Cat: [number, number][] } } {
  const cats = benchSchedule.scenes
    .filter((s) => s.name === 'cat')
    .map((s): [number, number] => [s.startFrame, s.startFrame + s.frameCount - 1]);
  return { fps: BENCH_FPS, labels: { Cat: cats } };
}

/** The demo channel's arguments at 720p (its own `size` option, so the zoom canvas scales too). */
export function benchArgs(outPath: string): string[] {
  return programArgs(benchSchedule, outPath, BENCH_SIZE);
}

/** Renders (once) and returns the programme's path and its truth file. */
export async function benchProgramme(
  cacheDir = join(tmpdir(), 'catfinder-scan-bench'),
): Promise<{ path: string; truthPath: string; seconds: number }> {
  const id = createHash('sha256')
    .update(JSON.stringify(benchArgs('')))
    .digest('hex')
    .slice(0, 16);
  const path = join(cacheDir, `programme-${id}.mp4`);
  const truthPath = join(cacheDir, `programme-${id}.truth.json`);
  await mkdir(cacheDir, { recursive: true });
  try {
    await access(path);
  } catch {
    await writeAtomically(path, (partial) =>
      runFfmpeg(benchArgs(partial), { timeoutMs: RENDER_TIMEOUT_MS, cleanupOnFailure: [partial] }).then(
        () => undefined,
      ),
    );
  }
  await writeFile(truthPath, JSON.stringify(benchTruth()));
  return { path, truthPath, seconds: benchSchedule.programFrames / BENCH_FPS };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchProgramme().then((p) => console.log(JSON.stringify(p)));
}
