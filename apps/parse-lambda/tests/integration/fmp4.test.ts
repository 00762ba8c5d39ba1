/**
 * An fMP4 (CMAF) channel end to end on real parts: the demo channel publishing `.m4s` fragments
 * with an `#EXT-X-MAP` init section, dynalite + s3rver, real ffmpeg, the real local detector.
 * Parse archives each fragment and its init section (once), analyses the segment through
 * libs/media normaliseSegmentInput, and a clip cut from the archive is checked against the source.
 * Short on purpose: a few 1 s segments, one clip, then stop. (prekog is not started: its Lambda
 * invoke — an AWS-only service — is recorded instead.)
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SHARED_PROGRAMME_CACHE, SHORT_PROGRAMME, startDemoChannel, type DemoChannel } from '@catfinder/demo-channel';
import { cutClip, runFfmpeg } from '@catfinder/media';
import { createDynamoClient, createS3Client, createStore, type Store } from '@catfinder/store';
import type { StandInsOn } from '@catfinder/store/testing';
import { testStandIns } from '../helpers/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParseConfig } from '../../src/config';
import type { PrekogEvent } from '../../src/events';
import type { LiveSegment } from '../../src/ports';
import { processSegment, type ProcessDeps } from '../../src/process-segment';
import { runParse } from '../../src/run-parse';
import { createParseDeps, type ParseClients } from '../../src/wiring';
import { startFaultProxy } from '../helpers/fault-proxy';
import { testDetection } from '../helpers/test-detector';
import { contextUntil, memorySink, TEST_DETECTOR_ENV } from '../helpers/pipeline-env';

const SEGMENTS = 4;
let standIns: StandInsOn;
let channel: DemoChannel;
let clients: ParseClients;
let store: Store;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'catfinder-parse-fmp4-'));
  standIns = await testStandIns();
  Object.assign(process.env, standIns.env);
  // The short shared programme (rendered once per run), published as fMP4.
  channel = await startDemoChannel({
    ...SHORT_PROGRAMME,
    cacheDir: SHARED_PROGRAMME_CACHE,
    container: 'fmp4',
    windowSegments: 30,
  });
  clients = { ddb: createDynamoClient(), s3: createS3Client(), lambda: new LambdaClient({ maxAttempts: 1 }) };
  store = createStore({ tables: standIns.tables, bucket: standIns.bucket, dynamo: clients.ddb, s3: clients.s3 });
});

afterAll(async () => {
  await channel?.stop();
  await standIns?.stop({ removeData: true });
  if (work) await rm(work, { recursive: true, force: true });
});

const served = async (name: string): Promise<Buffer> =>
  Buffer.from(await (await fetch(new URL(name, channel.mediaUrl))).arrayBuffer());

async function md5s(input: string, filter?: string): Promise<string[]> {
  const r = await runFfmpeg(
    ['-i', input, '-map', '0:v:0', ...(filter ? ['-vf', filter] : []), '-vsync', '0', '-f', 'framemd5', 'pipe:1'],
    { timeoutMs: 60_000 },
  );
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()?.trim() ?? '');
}

describe('parse on an fMP4 channel', () => {
  it('archives fragments + one init section, analyses every frame, and the archive cuts a verified clip', async () => {
    const context = contextUntil(Date.now() + 120_000, 'fmp4');
    let processed = 0;
    const logger = memorySink((e) => {
      if (e.message === 'segment processed' && ++processed >= SEGMENTS) context.stop();
    });
    // A pass-through proxy (no faults) logs every request the run makes to the origin.
    const proxy = await startFaultProxy(channel.masterUrl, {});
    const config = readParseConfig({
      ...standIns.env,
      CHANNEL_ID: 'cmaf',
      HLS_URL: proxy.url(channel.masterUrl),
      // The tests read the whole demo window from its first segment, not from the live edge.
      START: 'window',
      LABELS: 'Cat',
      DETECTOR: 'local',
      ...TEST_DETECTOR_ENV,
      PREKOG_FUNCTION_NAME: 'prekog',
    });
    const sent: PrekogEvent[] = [];
    const deps = createParseDeps(config, {
      clients,
      logger,
      detector: testDetection(config, clients),
      wrapPrekog: () => ({ invoke: async (event) => void sent.push(event) }),
    });
    const summary = await runParse(config, deps, context).finally(() => proxy.stop());
    expect(summary.errors, JSON.stringify(logger.entries.filter((e) => e.level !== 'info'))).toBe(0);
    expect(summary.segments).toBeGreaterThanOrEqual(SEGMENTS);
    // The init section is fetched once for all segments (cached per URI).
    expect(proxy.log.filter((l) => l.path.endsWith('/init.mp4'))).toEqual([{ path: '/init.mp4', status: 200 }]);
    expect(proxy.log.filter((l) => l.path.endsWith('.m4s')).length).toBeGreaterThanOrEqual(SEGMENTS);

    const records = (await store.segments.listBySequence('cmaf', 0, 1_000_000, { limit: 100 })).items.filter(
      (s) => s.status === 'done',
    );
    expect(records.length).toBeGreaterThanOrEqual(SEGMENTS);
    const initKeys = new Set(records.map((s) => s.initKey));
    expect(initKeys.size).toBe(1);
    const [initKey] = [...initKeys];
    expect(initKey).toMatch(/^segments\/cmaf\/init\/[0-9a-f]{16}\.mp4$/);
    // The archive holds exactly what the origin served: the init section once, each fragment as is.
    const init = await served('init.mp4');
    expect(Buffer.from((await store.objects.getBytes(initKey!)) ?? [])).toEqual(init);
    for (const r of records) {
      expect(r.archiveKey).toBe(`segments/cmaf/${r.mediaSequence}.m4s`);
      expect(Buffer.from((await store.objects.getBytes(r.archiveKey!)) ?? [])).toEqual(
        await served(`seg_${r.mediaSequence}.m4s`),
      );
      expect(r.timeline).toMatchObject({ frameCount: 30, frameRate: 30, width: 640, height: 360 });
    }

    // A clip across 3 archived segments (as libs/delta rebuilds them: init section + fragment),
    // from a mid-GOP frame to a mid-GOP frame: head and tail re-encoded, the middle GOP copied.
    const seqs = records
      .map((r) => r.mediaSequence)
      .sort((a, b) => a - b)
      .slice(0, 3);
    const segments = [];
    for (const seq of seqs) {
      const path = join(work, `${seq}.m4s`);
      await writeFile(
        path,
        Buffer.concat([init, Buffer.from((await store.objects.getBytes(`segments/cmaf/${seq}.m4s`)) ?? [])]),
      );
      segments.push({ path, mediaSequence: seq });
    }
    const out = join(work, 'clip.mp4');
    const clip = await cutClip({
      segments,
      first: { mediaSequence: seqs[0]!, index: 10 },
      last: { mediaSequence: seqs[2]!, index: 19 },
      outputPath: out,
    });
    expect(clip).toMatchObject({
      method: 'smart',
      frameCount: 70,
      parts: { headFrames: 20, copiedFrames: 30, tailFrames: 20 },
    });
    expect(clip.verification, clip.verification.detail).toMatchObject({ passed: true, method: 'psnr', frameCount: 70 });
    // Independently of the lib: the copied middle is bit-identical to the source frames, decoded
    // straight from the served init section + fragments by ffmpeg's MP4 demuxer.
    const source = join(work, 'source.mp4');
    await writeFile(source, Buffer.concat([init, ...(await Promise.all(seqs.map((s) => served(`seg_${s}.m4s`))))]));
    const sourceMd5 = await md5s(source, "select='between(n,10,79)'");
    const clipMd5 = await md5s(out);
    expect(clipMd5).toHaveLength(70);
    expect(clipMd5.slice(20, 50)).toEqual(sourceMd5.slice(20, 50));

    // A new process resumes: the carry names a boundary artefact that is gone and the previous
    // segment comes from the archive as a bare fragment — remuxed with this segment's init section.
    const [prevSeq, seq] = [seqs[0]!, seqs[1]!];
    const put: string[] = [];
    const deps2: ProcessDeps = {
      store: { putObject: async (key) => void put.push(key), putSamples: async () => {} },
      detector: { detect: async () => ({ Labels: [], LabelModelVersion: 'test' }) },
    };
    const live = (mediaSequence: number): LiveSegment => ({
      mediaSequence,
      epoch: 0,
      uri: `${channel.mediaUrl}/seg_${mediaSequence}.m4s`,
      duration: 1,
      discontinuitySequence: 0,
      startTime: channel.programStartMs + mediaSequence * 1000,
      clock: 'program-date-time',
      firstSeenAt: Date.now(),
      extension: 'm4s',
    });
    const common = {
      channel: 'resume',
      cutThreshold: 0.3,
      sampleIntervalSeconds: 1,
      analysisMaxWidth: 640,
      detectConcurrency: 1,
      triggers: [],
      signal: AbortSignal.timeout(60_000),
    };
    const oldWork = join(work, 'old-run');
    await mkdir(oldWork);
    const first = await processSegment(
      { ...common, segment: live(prevSeq), bytes: await readFile(segments[0]!.path), workDir: oldWork },
      deps2,
    );
    await rm(oldWork, { recursive: true, force: true });
    const newWork = join(work, 'new-run');
    await mkdir(newWork);
    const bare = join(newWork, `${prevSeq}.m4s`);
    await writeFile(bare, (await store.objects.getBytes(`segments/cmaf/${prevSeq}.m4s`)) ?? new Uint8Array());
    const second = await processSegment(
      {
        ...common,
        segment: live(seq),
        bytes: await readFile(segments[1]!.path),
        workDir: newWork,
        carry: first.analysis.carry,
        previousPath: bare,
      },
      deps2,
    );
    expect(second.analysis.boundaryScored).toBe(true);
    expect(second.analysis.frames).toHaveLength(30);
    expect(second.localPath).toMatch(/\.normalised\.ts$/);
    // the init section is put once per store, the fragments each time
    expect(put.filter((k) => k.includes('/init/'))).toHaveLength(1);
    expect(put.filter((k) => k.endsWith('.m4s'))).toEqual([
      `segments/resume/${prevSeq}.m4s`,
      `segments/resume/${seq}.m4s`,
    ]);
  }, 180_000);
});
