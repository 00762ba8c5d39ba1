import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigError as HandlerConfigError } from '@catfinder/store';
import { checkHandlerConfig } from '../src/config/handler-config';
import { loadConfigFile, parseConfig } from '../src/config/load-config';
import { ConfigError } from '../src/errors';
import { TWO_CHANNELS } from './helpers/artifacts';

/** The handlers' own readers at synth: what they would refuse on Lambda stops synth, named in channels-file terms. */
const channel = { id: 'lobby', hlsUrl: 'https://x.test/a.m3u8' };

function check(fields: Record<string, unknown>): () => void {
  return () => checkHandlerConfig(parseConfig({ channels: [{ ...channel, ...fields }] }, 'cfg.json'), 'cfg.json');
}

describe('checkHandlerConfig', () => {
  const refused: [string, Record<string, unknown>, string][] = [
    [
      'a LABELS confidence over 100',
      { labels: 'Cat:200' },
      'parse function refuses "labels" (LABELS="Cat:200"): item 1 ("Cat:200"): minConfidence "200" must be a number from 0 to 100',
    ],
    ['LABELS that is not the syntax', { labels: 'Cat:high' }, 'parse function refuses "labels" (LABELS="Cat:high")'],
    [
      'a CUT_THRESHOLD that is not a number',
      { env: { CUT_THRESHOLD: 'abc' } },
      'parse function refuses "env.CUT_THRESHOLD" (CUT_THRESHOLD="abc"): "abc" is not a number',
    ],
    [
      'a SAMPLE_INTERVAL of 0',
      { env: { SAMPLE_INTERVAL: '0' } },
      'parse function refuses "env.SAMPLE_INTERVAL" (SAMPLE_INTERVAL="0"): 0 is out of range',
    ],
    [
      'an hlsUrl that is not http(s)',
      { hlsUrl: 'ftp://x' },
      'parse function refuses "hlsUrl" (HLS_URL="ftp://x"): "ftp://x" must be an http:// or https:// URL',
    ],
    [
      'a detector budget of 0',
      { detectorBudgetPerMinute: 0 },
      'parse function refuses "detectorBudgetPerMinute" (DETECTOR_BUDGET_PER_MINUTE="0"): 0 is out of range (expected 1 to 10000)',
    ],
    [
      'a fractional detector budget',
      { detectorBudgetPerMinute: 1.5 },
      'parse function refuses "detectorBudgetPerMinute" (DETECTOR_BUDGET_PER_MINUTE="1.5"): "1.5" is not an integer',
    ],
    [
      'a person trigger on a channel that does not recognise faces',
      { labels: 'Cat,Celebrity:Eileen Collins', recognizeFaces: false },
      'parse function refuses "labels" (LABELS="Cat,Celebrity:Eileen Collins"): watches Eileen Collins but face recognition is off',
    ],
    [
      'a person trigger on a local-detector channel',
      { labels: 'Celebrity:Eileen Collins', detector: 'local' },
      'parse function refuses "labels" (LABELS="Celebrity:Eileen Collins"): watches Eileen Collins but face recognition is off',
    ],
    [
      'the Delta clipper without its settings',
      { env: { CLIPPER: 'delta', DELTA_URL: 'https://delta.test/' } },
      'prekog function refuses "env.DELTA_CONTENTNAME" (DELTA_CONTENTNAME unset): required when CLIPPER=delta',
    ],
    [
      'the Delta clipper without a key parameter',
      { env: { CLIPPER: 'delta', DELTA_URL: 'https://delta.test/', DELTA_CONTENTNAME: 'c', DELTA_USER: 'u' } },
      'prekog function refuses "deltaApiKeyParameter" (DELTA_API_KEY unset): required when CLIPPER=delta',
    ],
  ];
  it.each(refused)('stops on %s, naming the file, channel, field, variable and value', (_name, fields, reason) => {
    let error: unknown;
    try {
      check(fields)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).cause).toBeInstanceOf(HandlerConfigError);
    expect((error as Error).message).toContain(`cfg.json channels[0]: channel "lobby" would not start: its ${reason}`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('stops on a ttlHours libs/store refuses (over a year), naming the top-level field', () => {
    const config = parseConfig({ channels: [channel], ttlHours: 10_000 }, 'cfg.json');
    expect(() => checkHandlerConfig(config, 'cfg.json')).toThrow(
      'cfg.json channels[0]: channel "lobby" would not start: its parse function refuses "ttlHours" (TTL_HOURS="10000"): 10000 is out of range (expected 1 to 8760)',
    );
  });

  it('accepts the example config, the stack tests’ two channels and a fully set Delta channel', () => {
    const example = join(__dirname, '..', 'channels.example.json');
    expect(() => checkHandlerConfig(loadConfigFile(example), example)).not.toThrow();
    expect(() => checkHandlerConfig(TWO_CHANNELS, 'two channels')).not.toThrow();
    expect(
      check({
        labels: 'Cat:60,Person:70:1:1,Celebrity:Eileen Collins:90',
        env: { CLIPPER: 'delta', DELTA_URL: 'https://d.test/', DELTA_CONTENTNAME: 'c', DELTA_USER: 'u' },
        deltaApiKeyParameter: '/catfinder/delta-api-key',
      }),
    ).not.toThrow();
  });
});
