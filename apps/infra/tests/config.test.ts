import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../src/config/load-config';
import { ConfigError } from '../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'infra-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfigFile', () => {
  it('stops on the committed channels.json until the user puts a live URL in it, saying what to put', () => {
    // GIVEN the channels.json a fresh clone has; WHEN it is loaded; THEN synth would stop here
    const file = join(__dirname, '..', 'channels.json');
    expect(() => loadConfigFile(file)).toThrow(ConfigError);
    expect(() => loadConfigFile(file)).toThrow(
      /channels\[0\]: "hlsUrl" is still the placeholder .*LIVE HLS playlist.*EXT-X-ENDLIST/,
    );
  });

  it('reads the example config the README points to', () => {
    const config = loadConfigFile(join(__dirname, '..', 'channels.example.json'));
    expect(config.channels.map((c) => c.id)).toEqual(['lobby', 'garden']);
    expect(config.channels[0]).toMatchObject({ detector: 'rekognition', recognizeFaces: true });
    expect(config.channels[1]).toMatchObject({
      schedule: ['cron(* 18-21 ? * SAT *)'],
      detectorBudgetPerMinute: 12,
      recognizeFaces: false,
    });
  });

  it('applies defaults for labels, detector, env and retention', () => {
    const config = loadConfigFile(
      write('min.json', JSON.stringify({ channels: [{ id: 'a', hlsUrl: 'https://x.test/a.m3u8' }] })),
    );
    expect(config).toEqual({
      channels: [
        {
          id: 'a',
          hlsUrl: 'https://x.test/a.m3u8',
          labels: 'Cat',
          detector: 'rekognition',
          recognizeFaces: true,
          env: {},
          maxLagSeconds: 120,
        },
      ],
      derivedObjectDays: 3,
      ttlHours: 72,
    });
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadConfigFile(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read/);
    expect(() => loadConfigFile(write('bad.json', '{ channels: '))).toThrow(/bad\.json: not valid JSON/);
  });
});

describe('parseConfig rejects bad values with the field and value', () => {
  const channel = { id: 'a', hlsUrl: 'https://x.test/a.m3u8' };
  const cases: [string, unknown, RegExp][] = [
    ['no channels', {}, /"channels" must be a non-empty array/],
    ['bad id', { channels: [{ ...channel, id: 'Bad Id' }] }, /channels\[0\].*"id" must match .*"Bad Id"/],
    // the values' rules (an http(s) URL, the LABELS syntax) are the handlers': tests/handler-config.test.ts
    [
      'url not a string',
      { channels: [{ ...channel, hlsUrl: 42 }] },
      /"hlsUrl" must be an http\(s\) URL string \(got 42\)/,
    ],
    ['labels not a string', { channels: [{ ...channel, labels: ['Cat'] }] }, /"labels" must be a string like/],
    [
      'misspelt channel field',
      { channels: [{ ...channel, hlsurl: 'x' }] },
      /channels\[0\]: unknown field "hlsurl" \(did you mean "hlsUrl"\?\); allowed: id, hlsUrl, labels, .*deltaApiKeyParameter$/,
    ],
    [
      'unknown top-level field',
      { channels: [channel], retentionDays: 3 },
      /^cfg\.json: unknown field "retentionDays"; allowed: channels, derivedObjectDays, ttlHours, alarmEmail$/,
    ],
    [
      'bad detector',
      { channels: [{ ...channel, detector: 'gpu' }] },
      /"detector" must be one of rekognition, local \(got "gpu"\)/,
    ],
    [
      'recognizeFaces not boolean',
      { channels: [{ ...channel, recognizeFaces: 'yes' }] },
      /"recognizeFaces" must be true or false \(got "yes"\)/,
    ],
    [
      'recognizeFaces on a local channel',
      { channels: [{ ...channel, detector: 'local', recognizeFaces: true }] },
      /"recognizeFaces" needs "detector": "rekognition"/,
    ],
    [
      'unknown env',
      { channels: [{ ...channel, env: { S3_BUCKET: 'x' } }] },
      /"env.S3_BUCKET" is not a channel variable/,
    ],
    [
      'env not string',
      { channels: [{ ...channel, env: { CUT_THRESHOLD: 0.3 } }] },
      /"env.CUT_THRESHOLD" must be a string/,
    ],
    [
      'memory',
      { channels: [{ ...channel, parseMemoryMb: 64 }] },
      /"parseMemoryMb" must be an integer 128..10240 \(got 64\)/,
    ],
    ['duplicate', { channels: [channel, channel] }, /duplicate channel id "a"/],
    [
      'secret in env',
      { channels: [{ ...channel, env: { DELTA_API_KEY: 'k' } }] },
      /"env.DELTA_API_KEY" would put a secret .*"deltaApiKeyParameter"/,
    ],
    [
      'schedule not cron',
      { channels: [{ ...channel, schedule: ['rate(5 minutes)'] }] },
      /"schedule" must be a non-empty array of EventBridge cron expressions/,
    ],
    ['schedule empty', { channels: [{ ...channel, schedule: [] }] }, /"schedule" must be a non-empty array/],
    // its range is parse's: tests/handler-config.test.ts
    [
      'budget not a number',
      { channels: [{ ...channel, detectorBudgetPerMinute: '20' }] },
      /"detectorBudgetPerMinute" must be a number \(got "20"\)/,
    ],
    ['ttlHours not a number', { channels: [channel], ttlHours: '72' }, /"ttlHours" must be a number \(got "72"\)/],
    [
      'reserved',
      { channels: [{ ...channel, parseReservedConcurrency: 1.5 }] },
      /"parseReservedConcurrency" must be an integer/,
    ],
    ['lag', { channels: [{ ...channel, maxLagSeconds: 5 }] }, /"maxLagSeconds" must be an integer 10..86400 \(got 5\)/],
    [
      'parameter',
      { channels: [{ ...channel, deltaApiKeyParameter: 'has space' }] },
      /"deltaApiKeyParameter" must be an SSM parameter name/,
    ],
    ['email', { channels: [channel], alarmEmail: 'nobody' }, /"alarmEmail" must be an e-mail address \(got "nobody"\)/],
    [
      'retention',
      { channels: [channel], derivedObjectDays: 0 },
      /"derivedObjectDays" must be a positive integer \(got 0\)/,
    ],
  ];
  it.each(cases)('%s', (_name, raw, message) => {
    expect(() => parseConfig(raw, 'cfg.json')).toThrow(ConfigError);
    expect(() => parseConfig(raw, 'cfg.json')).toThrow(message);
  });

  it('accepts the full LABELS syntax and contract env variables', () => {
    const config = parseConfig(
      {
        channels: [
          {
            ...channel,
            labels: 'Cat:60,Person:70:1:1',
            detector: 'local',
            env: { CUT_THRESHOLD: '0.3', CLIPPER: 'builtin' },
          },
        ],
      },
      'cfg.json',
    );
    expect(config.channels[0]).toMatchObject({
      labels: 'Cat:60,Person:70:1:1',
      detector: 'local',
      env: { CUT_THRESHOLD: '0.3' },
    });
  });

  it('recognises faces by default on Rekognition channels only, and lets a channel turn it off', () => {
    const config = parseConfig(
      {
        channels: [
          { ...channel, id: 'r' },
          { ...channel, id: 'off', recognizeFaces: false },
          { ...channel, id: 'l', detector: 'local' },
        ],
      },
      'cfg.json',
    );
    expect(config.channels.map((c) => [c.id, c.recognizeFaces])).toEqual([
      ['r', true],
      ['off', false],
      ['l', false],
    ]);
  });
});
