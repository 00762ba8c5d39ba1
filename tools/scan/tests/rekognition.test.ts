/**
 * `--detector rekognition` goes through parse's Rekognition wiring (the AWS SDK adapter of
 * libs/vision). Rekognition is AWS-only, so it runs against libs/vision's local endpoint that
 * speaks the service's JSON protocol, backed by the local model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalDetector } from '@catfinder/vision';
import { startRekognitionEndpoint, type RekognitionEndpoint } from '@catfinder/vision/testing';
import { scan } from '../src';
import { TEST_DETECTOR_THREADS } from './helpers/detector';
import { CAT_FRAMES, shortProgramme } from './helpers/inputs';

const ENV = ['AWS_ENDPOINT_URL_REKOGNITION', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
let endpoint: RekognitionEndpoint;
let work: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scan-rekognition-'));
  endpoint = await startRekognitionEndpoint({ detector: createLocalDetector({ threads: TEST_DETECTOR_THREADS }) });
  for (const name of ENV) saved[name] = process.env[name];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_REKOGNITION: endpoint.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});
afterAll(async () => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await endpoint?.stop();
  await rm(work, { recursive: true, force: true });
});

it('scans with the Rekognition detector: one DetectLabels call per detector call, same clip', async () => {
  const outcome = await scan({
    input: await shortProgramme(),
    detector: 'rekognition',
    outDir: join(work, 'out'),
    partSeconds: 1,
  });
  expect(outcome.clips.map((c) => [c.record.status, c.firstFrame, c.lastFrame])).toEqual([
    ['ready', CAT_FRAMES[0], CAT_FRAMES[1]],
  ]);
  expect(endpoint.requests.length).toBe(outcome.detectorCalls);
  expect(endpoint.requests.every((r) => r.target === 'RekognitionService.DetectLabels')).toBe(true);
});
