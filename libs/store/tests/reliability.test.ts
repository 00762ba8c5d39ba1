import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/index';
import type { StandIns } from '../src/testing/index';
import { startOwnTestStore, startTestStore, type TestStore } from './helpers/store';

const CLAIMER = fileURLToPath(new URL('./helpers/claimer.ts', import.meta.url));

function startClaimer(
  name: string,
  env: Record<string, string>,
): { ready: Promise<void>; go: () => void; result: Promise<number[]> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLAIMER, name], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  child.stdout.on('data', (d: string) => {
    out += d;
    if (out.includes('ready\n')) readyResolve();
  });
  const result = new Promise<number[]>((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || line === undefined) reject(new Error(`claimer ${name} exited ${code}: ${err.slice(-2000)}`));
      else resolve((JSON.parse(line) as { won: number[] }).won);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}

// 200 segments: enough for two processes with 8 claims in flight each to contend all the way
// (both must win some), at well under half the CPU of the 500 this once used.
const RACE_COUNT = 200;

describe(`two processes claiming the same ${RACE_COUNT} segments`, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t?.stop());

  it('processes each segment exactly once', async () => {
    const env = { ...t.standIns.env, CHANNEL: 'race', COUNT: String(RACE_COUNT) };
    const a = startClaimer('proc-a', env);
    const b = startClaimer('proc-b', env);
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [wonA, wonB] = await Promise.all([a.result, b.result]);
    const overlap = wonA.filter((s) => new Set(wonB).has(s));
    expect(overlap).toEqual([]);
    expect([...wonA, ...wonB].sort((x, y) => x - y)).toEqual(Array.from({ length: RACE_COUNT }, (_, i) => i));
    // both really competed
    expect(wonA.length).toBeGreaterThan(0);
    expect(wonB.length).toBeGreaterThan(0);

    // the table agrees: every segment done, claimed once, processed by its winner
    const owners = new Map<number, string>([
      ...wonA.map((s) => [s, 'proc-a'] as const),
      ...wonB.map((s) => [s, 'proc-b'] as const),
    ]);
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await t.store.segments.listBySequence('race', 0, RACE_COUNT - 1, { limit: 75, cursor });
      for (const seg of page.items) {
        expect(seg).toMatchObject({ status: 'done', attempts: 1, owner: owners.get(seg.mediaSequence) });
        seen += 1;
      }
      cursor = page.next;
    } while (cursor !== undefined);
    expect(seen).toBe(RACE_COUNT);
    const frames = await t.store.frames.between('race', 1_700_000_000_000, 1_700_000_000_000 + RACE_COUNT * 2000, {
      limit: 1000,
    });
    expect(frames.items.map((f) => f.frame)).toEqual(Array.from({ length: RACE_COUNT }, (_, i) => owners.get(i)));
  }, 240_000);
});

describe('DynamoDB stand-in killed and restarted in the middle of a burst', () => {
  let t: TestStore<StandIns>;
  beforeAll(async () => {
    // Its own pair: the test kills and restarts the DynamoDB stand-in.
    t = await startOwnTestStore({
      clientOptions: { maxAttempts: 3, requestTimeoutMs: 2000, connectionTimeoutMs: 500 },
    });
  });
  afterAll(async () => t?.stop());

  it('loses no acknowledged write, applies none twice, and reports the ones it could not do', async () => {
    const store = t.make({ clientOptions: { maxAttempts: 3, requestTimeoutMs: 2000, connectionTimeoutMs: 500 } });
    // A 300-write burst: the kill lands after 100 acknowledged, with 16 writers in flight.
    const N = 300;
    const T0 = 1_780_000_000_000;
    type Outcome = {
      seq: number;
      claimToken?: string;
      claimed?: boolean;
      completed?: boolean;
      framed?: boolean;
      error?: unknown;
    };
    const outcomes: Outcome[] = [];
    let acknowledged = 0;
    let killed = false;
    let restarted: Promise<void> | undefined;
    let next = 0;

    const one = async (seq: number): Promise<void> => {
      const o: Outcome = { seq };
      outcomes.push(o);
      try {
        const claim = await store.segments.claim('burst', seq, {
          owner: 'burst',
          info: { startTime: T0 + seq * 1000, duration: 1 },
        });
        o.claimed = claim.claimed;
        if (!claim.claimed) return;
        o.claimToken = claim.token;
        await store.frames.put('burst', {
          mediaSequence: seq,
          index: 0,
          time: T0 + seq * 1000,
          frame: `f${seq}`,
          sceneScore: 0.5,
          isCut: seq % 10 === 0,
        });
        o.framed = true;
        const done = await store.segments.complete('burst', seq, claim.token, {
          archiveKey: `segments/burst/${seq}.ts`,
        });
        o.completed = done.ok;
        acknowledged += 1;
      } catch (err) {
        o.error = err;
      }
      // Kill the server hard once a third of the burst is acknowledged; bring it back 1.5 s later.
      if (!killed && acknowledged >= N / 3) {
        killed = true;
        restarted = (async () => {
          await t.standIns.dynamodb.stop({ signal: 'SIGKILL' });
          await new Promise((r) => setTimeout(r, 1500));
          await t.standIns.dynamodb.restart();
        })();
      }
    };
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < N) {
          const seq = next;
          next += 1;
          await one(seq);
        }
      }),
    );
    await restarted;
    // A few more writes after the restart to be sure the burst continued past the outage.
    for (let seq = N; seq < N + 20; seq += 1) await one(seq);

    const failed = outcomes.filter((o) => o.error !== undefined);
    const ok = outcomes.filter((o) => o.completed === true);
    expect(killed).toBe(true);
    expect(failed.length, 'the outage should have failed some writes').toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(N / 3);
    for (const f of failed) {
      expect(f.error).toBeInstanceOf(StoreUnavailableError);
      expect(String((f.error as Error).message)).toMatch(/failed after retries/);
      expect([t.standIns.tables.segments, t.standIns.tables.frames]).toContain(
        (f.error as StoreUnavailableError).resource,
      );
    }

    // Verify against the restarted server (same data folder).
    for (const o of outcomes) {
      const seg = await t.store.segments.get('burst', o.seq);
      if (o.claimed === true) {
        expect(seg, `acknowledged claim ${o.seq} lost`).toBeDefined();
        expect(seg?.attempts, `claim ${o.seq} applied more than once`).toBe(1);
      }
      if (o.completed === true)
        expect(seg, `acknowledged completion ${o.seq}`).toMatchObject({
          status: 'done',
          archiveKey: `segments/burst/${o.seq}.ts`,
          attempts: 1,
        });
      if (seg !== undefined) expect(seg.attempts).toBe(1);
    }
    const frames: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.store.frames.between('burst', T0, T0 + (N + 20) * 1000, { limit: 500, cursor });
      frames.push(...page.items.map((f) => f.frame));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(new Set(frames).size, 'no frame stored twice').toBe(frames.length);
    for (const o of outcomes)
      if (o.framed === true) expect(frames, `acknowledged frame ${o.seq} lost`).toContain(`f${o.seq}`);
  }, 240_000);
});
