/**
 * Health per channel from feeds/health.json: a badge per channel in the header (every view) and
 * the `#/health` page with the figures. The level is recomputed on every poll from the clock, so
 * a feed that stopped changing still turns red.
 */
import { h, replaceChildren } from '../dom';
import { judgeHealth, type HealthVerdict } from '../health';
import type { FeedState } from '../state';
import type { HealthChannel, HealthFeed } from '../types';
import { localAndRelative } from '../time';
import { emptyNote } from './common';
import type { DashboardView } from './view';

const LEVEL_TEXT = { green: 'OK', amber: 'Warning', red: 'Stopped' } as const;

function verdicts(feed: HealthFeed, now: number): [HealthChannel, HealthVerdict][] {
  return feed.channels.map((c) => [c, judgeHealth(c, feed.generatedAt, now)]);
}

/** Header: one badge per channel linking to the health page. */
export class HealthBadges {
  readonly root = h('ul', { class: 'health-badges', 'aria-label': 'Pipeline health' });

  update(feed: HealthFeed | undefined, loaded: boolean, now = Date.now()): void {
    if (!feed) {
      replaceChildren(
        this.root,
        loaded
          ? h(
              'li',
              {},
              h('a', { href: '#/health', class: 'badge level-red', 'data-level': 'red' }, '● No health report yet'),
            )
          : null,
      );
      return;
    }
    replaceChildren(
      this.root,
      ...verdicts(feed, now).map(([c, v]) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: '#/health',
              class: `badge level-${v.level}`,
              'data-channel': c.channel,
              'data-level': v.level,
              title: v.reason,
            },
            `● ${c.channel}: ${LEVEL_TEXT[v.level]}`,
          ),
        ),
      ),
    );
  }
}

function figures(c: HealthChannel, now: number): [string, string][] {
  return [
    ['Last segment', c.lastSegmentSequence === null ? 'none yet' : `#${c.lastSegmentSequence}`],
    ['Processed', c.lastSegmentProcessedAt ? localAndRelative(c.lastSegmentProcessedAt, now) : '—'],
    ['Lag behind live', c.lagSeconds === null ? '—' : `${c.lagSeconds.toFixed(1)} s`],
    ['Segments / min', c.segmentsPerMinute.toFixed(1)],
    ['Detector calls / min', c.detectorCallsPerMinute.toFixed(1)],
    ['Samples reused / min', c.reusedPerMinute.toFixed(1)],
    ['Errors (10 min)', String(c.errorsLast10Minutes)],
    ['Last error', c.lastError ?? 'none'],
  ];
}

/** The health view of a site no live pipeline reports on (config `pipeline: false`). */
export const NO_PIPELINE =
  'This site shows a finished scan: no live pipeline runs here, so there is no health to report.';

/** `#/health` */
export class HealthPage implements DashboardView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;

  /** @param pipeline false on a site no live pipeline reports on (a scan's result). */
  constructor(private readonly pipeline = true) {
    this.body = h('div', {}, emptyNote('Loading…'));
    this.root = h('section', { class: 'health-page' }, h('h2', {}, 'Pipeline health'), this.body);
  }

  update(state: FeedState): void {
    if (!this.pipeline) {
      replaceChildren(this.body, emptyNote(NO_PIPELINE));
      return;
    }
    const feed = state.health;
    const now = Date.now();
    if (!feed) {
      replaceChildren(
        this.body,
        emptyNote(
          state.clips
            ? 'No health report yet: the parse pipeline has not processed a segment (feeds/health.json is missing).'
            : 'Loading…',
        ),
      );
      return;
    }
    const cards = verdicts(feed, now).map(([c, v]) =>
      h(
        'article',
        { class: `health-card level-${v.level}`, 'data-channel': c.channel, 'data-level': v.level },
        h('h3', {}, h('span', { class: 'dot', 'aria-hidden': 'true' }, '●'), ` ${c.channel} — ${LEVEL_TEXT[v.level]}`),
        h('p', { class: 'health-reason' }, v.reason),
        h('dl', { class: 'facts' }, ...figures(c, now).flatMap(([k, value]) => [h('dt', {}, k), h('dd', {}, value)])),
      ),
    );
    replaceChildren(
      this.body,
      h('p', { class: 'updated' }, `Report written ${localAndRelative(feed.generatedAt, now)}`),
      ...(cards.length ? cards : [emptyNote('No channel reported yet.')]),
    );
  }
}
