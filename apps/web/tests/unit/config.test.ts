import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';

describe('resolveConfig', () => {
  it('defaults to feeds/ and a 10 s poll', () => {
    expect(resolveConfig({}, undefined)).toEqual({
      config: { feedsBase: 'feeds/', pollIntervalMs: 10_000 },
      errors: [],
    });
  });

  it('lets config.json override the build env', () => {
    const { config, errors } = resolveConfig(
      { VITE_FEEDS_BASE: 'built-feeds', VITE_POLL_INTERVAL_MS: '5000' },
      { feedsBase: 'https://cdn.example/feeds', mediaOrigin: 'https://cdn.example', pollIntervalMs: 1000 },
    );
    expect(errors).toEqual([]);
    expect(config).toEqual({
      feedsBase: 'https://cdn.example/feeds/',
      mediaOrigin: 'https://cdn.example/',
      pollIntervalMs: 1000,
    });
  });

  it('reports each bad field with its source and keeps the previous value', () => {
    const { config, errors } = resolveConfig(
      { VITE_POLL_INTERVAL_MS: 'often' },
      { feedsBase: 'javascript:x', mediaOrigin: 'not a url', pollIntervalMs: 10 },
    );
    expect(config).toEqual({ feedsBase: 'feeds/', pollIntervalMs: 10_000 });
    expect(errors.map((e) => e.field)).toEqual([
      'build env pollIntervalMs',
      'config.json feedsBase',
      'config.json mediaOrigin',
      'config.json pollIntervalMs',
    ]);
    expect(errors[3]?.message).toBe('config config.json pollIntervalMs: 10 is not an integer ≥ 250');
  });

  it('pipeline: false is kept (a scan’s site), anything but true/false is reported', () => {
    expect(resolveConfig({}, { pipeline: false }).config.pipeline).toBe(false);
    const { config, errors } = resolveConfig({}, { pipeline: 'no' });
    expect(config.pipeline).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual(['config config.json pipeline: "no" is not true or false']);
  });

  it('treats empty strings as "not set" (the infra stack writes mediaOrigin: "")', () => {
    expect(resolveConfig({ VITE_MEDIA_ORIGIN: '' }, { feedsBase: 'feeds/', mediaOrigin: '' })).toEqual({
      config: { feedsBase: 'feeds/', pollIntervalMs: 10_000 },
      errors: [],
    });
  });

  it('reports a config.json that is not an object', () => {
    expect(resolveConfig({}, [1, 2]).errors.map((e) => e.message)).toEqual([
      'config config.json: is not a JSON object',
    ]);
  });
});
