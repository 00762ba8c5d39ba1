import { describe, expect, it } from 'vitest';
import { safeMediaUrl, siteRootOf } from '../../src/urls';

const site = { siteRoot: 'https://dash.example/catfinder/' };
const withMedia = { ...site, mediaOrigin: 'https://media.example' };

describe('safeMediaUrl', () => {
  it.each([
    ['clips/demo/a.mp4', site, 'https://dash.example/catfinder/clips/demo/a.mp4'],
    ['/clips/demo/a.mp4', site, 'https://dash.example/clips/demo/a.mp4'],
    ['https://dash.example/x.jpg', site, 'https://dash.example/x.jpg'],
    ['clips/demo/a.mp4', withMedia, 'https://media.example/clips/demo/a.mp4'],
    ['https://media.example/clips/a.jpg', withMedia, 'https://media.example/clips/a.jpg'],
  ])('allows %s', (value, policy, expected) => {
    expect(safeMediaUrl(value, policy)).toBe(expected);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['//evil.example/a.mp4'],
    ['https://evil.example/a.mp4'],
    ['\\\\evil.example\\a.mp4'],
    [''],
    [undefined],
  ])('refuses %s', (value) => {
    expect(safeMediaUrl(value, withMedia)).toBeUndefined();
  });
});

describe('siteRootOf', () => {
  it('is the directory of the document, ignoring the hash', () => {
    expect(siteRootOf('http://127.0.0.1:9/site/index.html#/clips/a')).toBe('http://127.0.0.1:9/site/');
  });
});
