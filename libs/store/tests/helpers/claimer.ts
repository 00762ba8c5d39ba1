/**
 * Child process for the concurrent-claim test: claims segments [0, COUNT) of CHANNEL with 8
 * claims in flight, "processes" each segment it wins (writes a frame naming itself) and
 * completes it. Prints `{"won":[…]}`. Store config comes from the environment, as in a Lambda.
 */
import { createStore } from '../../src/index';

const owner = process.argv[2] ?? 'claimer';
const channel = process.env.CHANNEL ?? 'race';
const count = Number(process.env.COUNT ?? '500');
const store = createStore();
const won: number[] = [];
let next = 0;

async function worker(): Promise<void> {
  while (next < count) {
    const seq = next;
    next += 1;
    const claim = await store.segments.claim(channel, seq, {
      owner,
      info: { startTime: 1_700_000_000_000 + seq * 2000, duration: 2 },
    });
    if (!claim.claimed) continue;
    won.push(seq);
    await store.frames.put(channel, {
      mediaSequence: seq,
      index: 0,
      time: 1_700_000_000_000 + seq * 2000,
      frame: owner,
      sceneScore: 1,
      isCut: true,
    });
    const done = await store.segments.complete(channel, seq, claim.token);
    if (!done.ok) throw new Error(`lost lease on ${seq}`);
  }
}

// Wait for the go signal so both processes start claiming at the same moment.
process.stdin.once('data', () => {
  Promise.all(Array.from({ length: 8 }, worker)).then(
    () => {
      process.stdout.write(`${JSON.stringify({ won })}\n`);
      store.close();
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
});
process.stdout.write('ready\n');
