import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { HandlerCode } from '../../src/bundling/handler-code';
import { parseConfig } from '../../src/config/load-config';
import type { CatFinderConfig, Detector } from '../../src/config/types';
import { CatFinderStack, type CatFinderStackProps } from '../../src/stack';

/** Small stand-ins for the build outputs the stack packages (web dist, bundles, ffmpeg layer). */
export interface Artifacts {
  readonly root: string;
  readonly webDist: string;
  readonly ffmpegLayerDir: string;
  readonly handlerCode: HandlerCode;
  /** Which bundle the stack asked for, in order. */
  readonly requested: string[];
  cleanup(): void;
}

export function makeArtifacts(): Artifacts {
  const root = mkdtempSync(join(tmpdir(), 'infra-test-'));
  const webDist = join(root, 'web');
  mkdirSync(webDist);
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>CatFinder</title>');
  const ffmpegLayerDir = join(root, 'layer');
  mkdirSync(join(ffmpegLayerDir, 'bin'), { recursive: true });
  writeFileSync(join(ffmpegLayerDir, 'bin', 'ffmpeg'), '#!/bin/sh\n');
  chmodSync(join(ffmpegLayerDir, 'bin', 'ffmpeg'), 0o755);
  const requested: string[] = [];
  const bundle = (name: string): string => {
    requested.push(name);
    const dir = join(root, `bundle-${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'handler.mjs'), `export const handler = async () => '${name}';\n`);
    return dir;
  };
  return {
    root,
    webDist,
    ffmpegLayerDir,
    requested,
    handlerCode: { parse: (detector: Detector) => bundle(`parse-${detector}`), prekog: () => bundle('prekog') },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Two channels: one on Rekognition, one on the local detector. */
export const TWO_CHANNELS: CatFinderConfig = parseConfig(
  {
    derivedObjectDays: 5,
    ttlHours: 48,
    alarmEmail: 'ops@example.com',
    channels: [
      {
        id: 'news',
        hlsUrl: 'https://example.com/news/master.m3u8',
        labels: 'Cat:60,Dog:70:1:1',
        env: {
          SAMPLE_INTERVAL: '3',
          CLIPPER: 'delta',
          DELTA_URL: 'https://delta.example.com/',
          DELTA_CONTENTNAME: 'news',
          DELTA_USER: 'catfinder',
        },
        detectorBudgetPerMinute: 20,
        deltaApiKeyParameter: '/catfinder/news/delta-api-key',
      },
      {
        id: 'zoo',
        hlsUrl: 'https://example.com/zoo/master.m3u8',
        detector: 'local',
        schedule: ['cron(* 18-21 ? * SAT *)', 'cron(* 9-11 ? * SUN *)'],
        parseReservedConcurrency: 2,
        maxLagSeconds: 60,
      },
    ],
  },
  'test config',
);

let apps = 0;

export function makeStack(
  artifacts: Artifacts,
  overrides: Partial<CatFinderStackProps> = {},
  // the built-in CloudFormation schema check (a wasm engine, ~10 s) runs in the real synth test only
  app: App = new App({ outdir: join(artifacts.root, `cdk.out-${++apps}`), builtinCloudFormationValidation: false }),
): CatFinderStack {
  return new CatFinderStack(app, 'CatFinderTest', {
    config: TWO_CHANNELS,
    handlerCode: artifacts.handlerCode,
    ffmpegLayerDir: artifacts.ffmpegLayerDir,
    webDist: artifacts.webDist,
    ...overrides,
  });
}
