/**
 * `nx run local-stack:soak [-- --minutes 30]`: the local stack at real-time pace against the demo
 * channel (default programme: a 6.5 s cat scene in every 24 s loop, 2 s segments, a 40 s window)
 * whose origin misbehaves on a schedule, at fixed fractions of the run:
 *   15 % 5xx burst (20 s of 503)      30 % stalled segment (25 s)     40 % DynamoDB stand-in killed
 *   55 % encoder restart (numbers from 0 again)   70 % a segment on a foreign host   80 % sequence jump +100000
 * Last line:
 *   bench soak: segments=… lost=… duplicated=… refused=… clips=… expected_clips=… partial_clips=… frame_errors=…
 *               rss_growth_mb=… standin_rss_growth_mb=…
 * segments  listed by the origin while the stack ran (first listed ≥ 20 s before the end)
 * lost      of those, neither processed nor recorded (gap / failure / refusal, with its reason)
 * duplicated processed more than once          refused  refusals the pipeline logged
 * clips     ready whole Cat clips               expected_clips  cat scenes a correct pipeline clips (see clips.ts)
 * partial_clips  ready Cat clips a gap or an encoder restart cut short (`cutShortBy`): a scene the
 *               timeline broke in is not expected whole, so these are counted apart from `clips`
 * frame_errors  ready whole Cat clips that are not exactly one cat scene, and cut-short ones not
 *               inside one
 * rss_growth_mb median RSS of the pipeline (the stack process and its children: parse, prekog,
 *               ffmpeg, the dashboard) of the last minute − of the minute after minute 5 (or after
 *               half of a run shorter than 10 min)
 * standin_rss_growth_mb  the same for the processes standing in for AWS (dynalite, s3rver) and the
 *               demo channel's encoder, measured apart: they are not the product (dynalite's LevelDB
 *               caches and heap grow with the run's records)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChannelFault, ListedSegment } from '@catfinder/demo-channel';
import { DYNAMODB_PART, startLocalStack, type LocalStack } from '../src/stack';
import { clipsFrom, expectedCats, frameErrors, lateScene, matchesScene, type ClipSeen } from './soak/clips';
import { Ledger, type LogRecord } from './soak/ledger';
import { splitTreeRssMb } from './soak/proc-tree';

const GRACE_MS = 20_000;
const DRAIN_MS = 45_000;

type Step = { readonly at: number; readonly what: string; readonly run: (stack: LocalStack) => void };

const inject = (fault: ChannelFault) => (stack: LocalStack) => stack.demo!.inject(fault);
const SCHEDULE: readonly Step[] = [
  { at: 0.15, what: '5xx burst (20 s of 503)', run: inject({ kind: 'http-error', seconds: 20 }) },
  { at: 0.3, what: 'stalled segment (25 s)', run: inject({ kind: 'stall', seconds: 25 }) },
  {
    at: 0.4,
    what: 'DynamoDB stand-in killed',
    run: (stack) => process.kill(stack.processes().find((p) => p.name === DYNAMODB_PART)!.pid!, 'SIGKILL'),
  },
  { at: 0.55, what: 'encoder restart', run: inject({ kind: 'restart' }) },
  { at: 0.7, what: 'segment on a foreign host', run: inject({ kind: 'foreign-uri' }) },
  { at: 0.8, what: 'sequence jump +100000', run: inject({ kind: 'jump', by: 100_000 }) },
];

class UsageError extends Error {}

function minutesArg(): number {
  let raw: string;
  try {
    raw = parseArgs({ options: { minutes: { type: 'string', default: '30' } }, strict: true }).values.minutes;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: nx run local-stack:soak -- [--minutes 30]`);
  }
  const minutes = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(minutes) || minutes < 2)
    throw new UsageError(`--minutes ${JSON.stringify(raw)} must be a number of minutes, at least 2`);
  return minutes;
}

function recorder(records: LogRecord[], say: (line: string) => void): (line: string) => void {
  return (line) => {
    if (!line.startsWith('{')) return say(line); // the stack's own reports (supervision)
    const r = JSON.parse(line) as Record<string, unknown>;
    const { level, message, timestamp, service: _service, ...extra } = r;
    records.push({ level: String(level), message: String(message), atMs: Date.parse(String(timestamp)), extra });
    if (level === 'ERROR' || (level === 'WARN' && !String(message).startsWith('segment')))
      say(`${String(level).toLowerCase()} ${String(message)} ${JSON.stringify(extra).slice(0, 300)}`);
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
};

async function main(): Promise<void> {
  const minutes = minutesArg();
  const durationMs = minutes * 60_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'catfinder-soak-'));
  const records: LogRecord[] = [];
  const t0 = Date.now();
  let muted = false;
  const say = (line: string): void => {
    if (!muted) console.log(`[${((Date.now() - t0) / 60_000).toFixed(2)} min] ${line}`);
  };
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    json: true,
    write: recorder(records, say),
    demo: { windowSegments: 20 },
    maxRestarts: 5,
  });
  const startedMs = Date.now();
  say(`stack up in ${((startedMs - t0) / 1000).toFixed(1)} s; soak for ${minutes} min`);
  let failed: string | undefined;
  void stack.failure.then((e) => (failed = e.message));
  const timers = SCHEDULE.map((step) =>
    setTimeout(() => (say(`fault: ${step.what}`), step.run(stack)), step.at * durationMs),
  );
  const rss: RssSample[] = [];
  const sampler = setInterval(() => {
    const standIns = stack.processes().flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
    void splitTreeRssMb(process.pid, standIns).then(({ rest, apart }) =>
      rss.push({ atMs: Date.now(), mb: rest, standInsMb: apart }),
    );
  }, 5_000);
  const progress = setInterval(
    () =>
      say(
        `progress: ${summary(records)} rss=${rss.at(-1)?.mb.toFixed(0) ?? '?'} MB (stand-ins and encoder ${rss.at(-1)?.standInsMb.toFixed(0) ?? '?'} MB)`,
      ),
    60_000,
  );
  try {
    await until(() => failed !== undefined || Date.now() - startedMs >= durationMs);
    const endMs = Date.now();
    await drain(stack, records, startedMs, endMs, () => failed !== undefined);
    clearInterval(progress);
    await stack.stop();
    muted = true; // the bench line is the last line
    report(stack, records, rss, { startedMs, endMs, minutes, failed });
  } finally {
    timers.forEach(clearTimeout);
    clearInterval(sampler);
    clearInterval(progress);
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (failed !== undefined) process.exitCode = 1;
}

/** What the log says about a lost segment's number after it was listed (e.g. skipped as already claimed). */
function whyLost(s: ListedSegment, records: readonly LogRecord[]): string {
  const said = records.find(
    (r) => r.extra.sequence === s.sequence && r.atMs >= s.firstListedMs - 1000 && r.message !== 'segment processed',
  );
  return said === undefined ? ': nothing logged about it' : `: "${said.message}"`;
}

function summary(records: readonly LogRecord[]): string {
  const count = (m: string): number => records.filter((r) => r.message === m).length;
  return `processed=${count('segment processed')} clips=${clipsFrom(records).filter((c) => c.status === 'ready').length} errors=${records.filter((r) => r.level === 'ERROR').length}`;
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 1000));
}

/** Waits (bounded) for the clips of the expected cat scenes still being cut. */
async function drain(
  stack: LocalStack,
  records: readonly LogRecord[],
  startedMs: number,
  endMs: number,
  failed: () => boolean,
): Promise<void> {
  const expected = expectedCats(stack.demo!, stack.demo!.listed(), {
    fromMs: startedMs,
    toMs: endMs,
    graceMs: GRACE_MS,
  }).length;
  const deadline = Date.now() + DRAIN_MS;
  await until(
    () =>
      failed() ||
      Date.now() > deadline ||
      clipsFrom(records).filter((c) => c.label === 'Cat' && c.status === 'ready').length >= expected,
  );
}

/**
 * Median RSS over the last window minus the median over the window starting at minute 5 (half
 * the run when shorter than 10 min); windows of 60 s (a sixth of the run when shorter).
 */
function rssGrowth(rss: readonly RssSample[], run: Run, of: (s: RssSample) => number): number {
  const windowMs = Math.min(60_000, (run.minutes * 60_000) / 6);
  const baseline = run.startedMs + Math.min(5, run.minutes / 2) * 60_000;
  const within = (from: number, to: number): number[] => rss.filter((s) => s.atMs >= from && s.atMs < to).map(of);
  return median(within(run.endMs - windowMs, run.endMs + 1)) - median(within(baseline, baseline + windowMs));
}

/** The pipeline's RSS (`mb`) and, apart, that of the stand-ins and the demo encoder it started. */
interface RssSample {
  readonly atMs: number;
  readonly mb: number;
  readonly standInsMb: number;
}

interface Run {
  readonly startedMs: number;
  readonly endMs: number;
  readonly minutes: number;
  readonly failed: string | undefined;
}

function report(stack: LocalStack, records: readonly LogRecord[], rss: readonly RssSample[], run: Run): void {
  const demo = stack.demo!;
  const ledger = new Ledger(demo.listed());
  const listed = demo
    .listed()
    .filter((s) => s.lastListedMs >= run.startedMs && s.firstListedMs <= run.endMs - GRACE_MS);
  for (const r of records) ledger.apply(r);
  const lost = listed.filter((s) => ledger.outcome(s).processed === 0 && ledger.outcome(s).recorded.length === 0);
  const duplicated = listed.filter((s) => ledger.outcome(s).processed > 1);
  const ready = clipsFrom(records).filter((c) => c.label === 'Cat' && c.status === 'ready');
  const behindLive = (seg: ListedSegment): boolean =>
    ledger.outcome(seg).recorded.some((why) => /behind-live/.test(why));
  const expected = expectedCats(
    demo,
    demo.listed(),
    { fromMs: run.startedMs, toMs: run.endMs, graceMs: GRACE_MS },
    behindLive,
  );
  const allCats = demo.occurrences(run.startedMs - 600_000, Date.now(), 'cat');
  const errors = frameErrors(ready, allCats, demo.schedule.fps);
  // Judged like `segments` and `expected_clips`: a scene still being listed in the last GRACE_MS is
  // neither expected nor counted when the drain happens to clip it (listed apart, never hidden).
  const late = ready.filter((c) => lateScene(c, allCats, demo.listed(), run.endMs - GRACE_MS, demo.schedule.fps));
  const partial = ready.filter((c) => c.cutShortBy !== undefined);
  const clips = ready.filter((c) => !late.includes(c) && !partial.includes(c));
  const at = (ms: number): string => `+${((ms - run.startedMs) / 1000).toFixed(0)} s`;
  console.log(
    `expected cat scenes: ${expected.map((o) => `${at(o.startMs)} (content ${o.firstSegment.mediaSequence}–${o.lastSegment.mediaSequence})`).join(', ')}`,
  );
  if (late.length > 0)
    console.log(
      `ready Cat clips of scenes listed in the last ${GRACE_MS / 1000} s (not counted): ${late.map((c) => (c.startTime === undefined ? '?' : at(c.startTime))).join(', ')}`,
    );
  const describe = (c: ClipSeen): string =>
    `${c.startTime === undefined ? '?' : at(c.startTime)} ${c.frameCount ?? '?'} frames`;
  console.log(`ready Cat clips: ${clips.map(describe).join(', ')}`);
  if (partial.length > 0)
    console.log(`cut-short Cat clips: ${partial.map((c) => `${describe(c)} (${c.cutShortBy})`).join(', ')}`);
  for (const o of expected.filter((e) => !clips.some((c) => matchesScene(c, e, demo.schedule.fps)))) {
    console.log(
      `no clip for the cat at +${((o.startMs - run.startedMs) / 1000).toFixed(0)} s (content ${o.firstSegment.mediaSequence}–${o.lastSegment.mediaSequence})`,
    );
  }
  const growth = rssGrowth(rss, run, (s) => s.mb);
  const standInGrowth = rssGrowth(rss, run, (s) => s.standInsMb);
  const fixed = (mb: number): string => (Number.isNaN(mb) ? 'NaN' : mb.toFixed(1));
  for (const h of demo.faultHistory())
    console.log(`fault at +${((h.atMs - run.startedMs) / 1000).toFixed(0)} s: ${JSON.stringify(h.fault)}`);
  for (const s of lost)
    console.log(
      `lost: epoch ${s.epoch} sequence ${s.sequence} (content ${s.realSequence}, listed at +${((s.firstListedMs - run.startedMs) / 1000).toFixed(0)} s, ${s.uri})${whyLost(s, records)}`,
    );
  for (const s of duplicated)
    console.log(`duplicated: epoch ${s.epoch} sequence ${s.sequence} processed ${ledger.outcome(s).processed} times`);
  for (const c of errors)
    console.log(
      `frame error: clip ${c.id} starts ${c.startTime === undefined ? '?' : new Date(c.startTime).toISOString()} with ${c.frameCount ?? '?'} frames`,
    );
  const reasons = new Map<string, number>();
  for (const s of listed) for (const why of ledger.outcome(s).recorded) reasons.set(why, (reasons.get(why) ?? 0) + 1);
  for (const [why, n] of reasons) console.log(`recorded: ${n} × ${why}`);
  console.log(
    `restarts: ${stack
      .processes()
      .map((p) => `${p.name}=${p.restarts}`)
      .join(', ')}${run.failed ? `; STACK FAILED: ${run.failed}` : ''}`,
  );
  console.log(
    `bench soak: segments=${listed.length} lost=${lost.length} duplicated=${duplicated.length} refused=${ledger.refusals} clips=${clips.length} ` +
      `expected_clips=${expected.length} partial_clips=${partial.length} frame_errors=${errors.length} rss_growth_mb=${fixed(growth)} standin_rss_growth_mb=${fixed(standInGrowth)}`,
  );
}

await main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
