import { describe, expect, it } from 'vitest';
import { clipHref, labelHref, parseRoute } from '../../src/router';

describe('parseRoute', () => {
  it.each([
    ['', { kind: 'live' }],
    ['#/', { kind: 'live' }],
    ['#/clips/abc-123', { kind: 'clip', id: 'abc-123' }],
    ['#/labels/Cat', { kind: 'label', name: 'Cat' }],
    ['#/labels/%3Cimg%3E', { kind: 'label', name: '<img>' }],
    ['#/labels/%E0%A4%A', { kind: 'live' }],
    ['#/other/x', { kind: 'live' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips names through the link builders', () => {
    expect(parseRoute(labelHref('Pet / Cat #1'))).toEqual({ kind: 'label', name: 'Pet / Cat #1' });
    expect(parseRoute(clipHref('demo/1?x'))).toEqual({ kind: 'clip', id: 'demo/1?x' });
  });
});
