/**
 * Benchmark against the local stand-ins (dynalite + s3rver in child processes), 16 writes in
 * flight. Last line: `bench store: frame_writes_per_s=… cut_lookup_p50_s=… claims_per_s=…`.
 */
import { createStore, type FrameSample } from '../src/index';
import { startStandIns } from '../src/testing/index';

const IN_FLIGHT = 16;
const FRAMES = Number(process.env.BENCH_FRAMES ?? '3000');
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? '2000');
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? '300');
/** Samples per putMany call — the parse Lambda writes one segment's samples together. */
const BATCH = Number(process.env.BENCH_BATCH ?? '8');
const T0 = 1_790_000_000_000;
const FRAME_MS = 1000 / 25;

/** Runs `count` tasks with `IN_FLIGHT` in flight; returns elapsed seconds. */
async function pool(count: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await task(i);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

function sample(i: number): FrameSample {
  // one sample every 12 frames (~0.5 s at 25 fps), a cut every 8th sample, 50 frames per segment
  const frameNo = i * 12;
  return {
    mediaSequence: Math.floor(frameNo / 50),
    index: frameNo % 50,
    time: T0 + frameNo * FRAME_MS,
    frame: `f${i}`,
    sceneScore: i % 8 === 0 ? 0.8 : 0.02,
    isCut: i % 8 === 0,
    imageKey: `samples/bench/${Math.floor(frameNo / 50)}/${frameNo % 50}.jpg`,
    observation: [
      {
        Name: 'Cat',
        Confidence: 91.2,
        Instances: [],
        Parents: [{ Name: 'Pet' }, { Name: 'Animal' }],
        Aliases: [],
        Categories: [{ Name: 'Animals and Pets' }],
      },
    ],
    matchedLabels: ['Cat'],
  };
}

async function main(): Promise<void> {
  const standIns = await startStandIns();
  Object.assign(process.env, standIns.env);
  const store = createStore();
  try {
    // warm-up (connections, LevelDB)
    await pool(64, (i) => store.frames.put('warm', sample(i)));

    // single-item puts (16 in flight), on a separate channel, for the detail line
    const singles = Math.min(FRAMES, 1000);
    const singleSeconds = await pool(singles, (i) => store.frames.put('single', sample(i)));
    // segment-sized batches (16 batch requests in flight): what frame_writes_per_s reports
    const batches = Math.ceil(FRAMES / BATCH);
    const writeSeconds = await pool(batches, (b) =>
      store.frames.putMany(
        'bench',
        Array.from({ length: Math.min(BATCH, FRAMES - b * BATCH) }, (_, k) => sample(b * BATCH + k)),
      ),
    );
    let stored = 0;
    let cursor: string | undefined;
    do {
      const page = await store.frames.between('bench', T0, T0 + FRAMES * 12 * FRAME_MS, { limit: 1000, cursor });
      stored += page.items.length;
      cursor = page.next;
    } while (cursor !== undefined);
    if (stored !== FRAMES) throw new Error(`${stored} of ${FRAMES} frames stored`);

    const span = FRAMES * 12 * FRAME_MS;
    const latencies: number[] = [];
    for (let i = 0; i < LOOKUPS; i += 1) {
      const t = T0 + ((i * 7919) % LOOKUPS) * (span / LOOKUPS) + 13;
      const start = performance.now();
      const cut = i % 2 === 0 ? await store.frames.previousCut('bench', t) : await store.frames.nextCut('bench', t);
      latencies.push((performance.now() - start) / 1000);
      if (cut === undefined && i > 2) throw new Error(`no cut around ${t}`);
    }
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;

    let won = 0;
    const claimSeconds = await pool(CLAIMS, async (i) => {
      const r = await store.segments.claim('bench', i, {
        owner: 'bench',
        info: { startTime: T0 + i * 2000, duration: 2 },
      });
      if (r.claimed) won += 1;
    });
    if (won !== CLAIMS) throw new Error(`only ${won} of ${CLAIMS} claims won`);

    console.log(
      `single puts: ${(singles / singleSeconds).toFixed(1)}/s; frames=${FRAMES} in batches of ${BATCH} in ${writeSeconds.toFixed(2)} s; cut lookups=${LOOKUPS} p90=${(latencies[Math.floor(latencies.length * 0.9)] ?? 0).toFixed(4)} s; claims=${CLAIMS} in ${claimSeconds.toFixed(2)} s; ${IN_FLIGHT} in flight`,
    );
    console.log(
      `bench store: frame_writes_per_s=${(FRAMES / writeSeconds).toFixed(1)} cut_lookup_p50_s=${p50.toFixed(4)} claims_per_s=${(CLAIMS / claimSeconds).toFixed(1)}`,
    );
  } finally {
    store.close();
    await standIns.stop({ removeData: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
