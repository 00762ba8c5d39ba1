import { describe, expect, it } from 'vitest';
import { clipHref, historyHref, labelHref, liveHref, parseRoute } from '../../src/router';

describe('parseRoute', () => {
  it.each([
    ['', { kind: 'home' }],
    ['#/', { kind: 'home' }],
    ['#/clips/abc-123', { kind: 'clip', id: 'abc-123' }],
    ['#/clips/abc-123?day=2026-12-01', { kind: 'clip', id: 'abc-123', day: '2026-12-01' }],
    ['#/clips/abc-123?day=../x', { kind: 'clip', id: 'abc-123' }],
    ['#/labels', { kind: 'labels' }],
    ['#/labels/Cat', { kind: 'label', name: 'Cat' }],
    ['#/labels/%3Cimg%3E', { kind: 'label', name: '<img>' }],
    ['#/labels/%E0%A4%A', { kind: 'home' }],
    ['#/live', { kind: 'live' }],
    ['#/live/demo', { kind: 'live', channel: 'demo' }],
    ['#/history', { kind: 'history' }],
    ['#/history/2026-12-02', { kind: 'history', day: '2026-12-02' }],
    ['#/history/yesterday', { kind: 'history' }],
    ['#/celebrities', { kind: 'celebrities' }],
    ['#/health', { kind: 'health' }],
    ['#/other/x', { kind: 'home' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips names through the link builders', () => {
    expect(parseRoute(labelHref('Pet / Cat #1'))).toEqual({ kind: 'label', name: 'Pet / Cat #1' });
    expect(parseRoute(clipHref('demo/1?x'))).toEqual({ kind: 'clip', id: 'demo/1?x' });
    expect(parseRoute(clipHref('c1', '2026-12-01'))).toEqual({ kind: 'clip', id: 'c1', day: '2026-12-01' });
    expect(parseRoute(liveHref('a b'))).toEqual({ kind: 'live', channel: 'a b' });
    expect(parseRoute(historyHref('2026-12-01'))).toEqual({ kind: 'history', day: '2026-12-01' });
  });
});
