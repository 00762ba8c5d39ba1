import { describe, expect, it } from 'vitest';
import { readClipperConfig } from '../src/config';
import { ClipperConfigError } from '../src/errors';

const delta = {
  CLIPPER: 'delta',
  DELTA_URL: 'https://delta.example:8080/',
  DELTA_CONTENTNAME: 'live',
  DELTA_USER: 'u',
  DELTA_API_KEY: 'k',
};

function problems(env: Record<string, string>): string[] {
  try {
    readClipperConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ClipperConfigError);
    return (error as ClipperConfigError).problems.map((p) => `${p.variable}: ${p.problem}`);
  }
  throw new Error('expected a ClipperConfigError');
}

describe('readClipperConfig', () => {
  it('defaults to the built-in clipper with maxClipSeconds 120', () => {
    expect(readClipperConfig({})).toEqual({ kind: 'builtin', maxClipSeconds: 120 });
    expect(readClipperConfig({ CLIPPER: 'builtin', MAX_CLIP_SECONDS: '30', DELTA_URL: 'ignored' })).toEqual({
      kind: 'builtin',
      maxClipSeconds: 30,
    });
  });

  it('reads a complete Delta configuration', () => {
    expect(readClipperConfig({ ...delta, DELTA_TIMEOUT_MS: '2500' })).toEqual({
      kind: 'delta',
      maxClipSeconds: 120,
      url: 'https://delta.example:8080/',
      contentName: 'live',
      user: 'u',
      apiKey: 'k',
      timeoutMs: 2500,
    });
  });

  it('names an unknown CLIPPER', () => {
    expect(problems({ CLIPPER: 'elemental' })).toEqual(['CLIPPER: "elemental" is not one of builtin, delta']);
  });

  it('gives one line per missing Delta variable', () => {
    expect(problems({ CLIPPER: 'delta' })).toEqual([
      'DELTA_URL: required when CLIPPER=delta (base URL of the Delta server)',
      'DELTA_CONTENTNAME: required when CLIPPER=delta (name of the live content on the Delta server)',
      'DELTA_USER: required when CLIPPER=delta (API user name)',
      'DELTA_API_KEY: required when CLIPPER=delta (API key of that user)',
    ]);
  });

  it('rejects a malformed DELTA_URL, timeout and MAX_CLIP_SECONDS, each by name', () => {
    expect(problems({ ...delta, DELTA_URL: 'ftp://x', DELTA_TIMEOUT_MS: 'soon', MAX_CLIP_SECONDS: '-4' })).toEqual([
      'MAX_CLIP_SECONDS: -4 is out of range (expected 1 to 3600)',
      'DELTA_URL: "ftp://x" must be an http:// or https:// URL',
      'DELTA_TIMEOUT_MS: "soon" is not a number',
    ]);
    expect(problems({ ...delta, DELTA_URL: 'not a url' })).toEqual(['DELTA_URL: "not a url" is not a valid URL']);
  });

  it('puts every problem in the message', () => {
    expect(() => readClipperConfig({ CLIPPER: 'delta', DELTA_URL: 'x' })).toThrow(
      /DELTA_URL: "x" is not a valid URL[\s\S]*DELTA_API_KEY: required/,
    );
  });
});
