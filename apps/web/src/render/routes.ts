/** Route → view, and the site navigation in the header. */
import { h } from '../dom';
import type { Route } from '../router';
import { CelebritiesPage } from './celebrities';
import type { RenderContext } from './context';
import { HealthPage } from './health';
import { HistoryDay, HistoryIndex } from './history';
import { AllLabelsPage } from './labels';
import { LiveView, NoLiveView } from './live';
import { ClipPage, HomeView, LabelPage } from './pages';
import type { DashboardView } from './view';

export function createView(route: Route, ctx: RenderContext): DashboardView {
  switch (route.kind) {
    case 'clip':
      return new ClipPage(route.id, route.day, ctx);
    case 'label':
      return new LabelPage(route.name, ctx);
    case 'labels':
      return new AllLabelsPage(ctx);
    case 'celebrities':
      return new CelebritiesPage(ctx);
    case 'health':
      return new HealthPage(ctx.pipeline !== false);
    case 'live':
      return ctx.pipeline === false ? new NoLiveView() : new LiveView(route.channel, ctx);
    case 'history':
      return route.day ? new HistoryDay(route.day, ctx) : new HistoryIndex(ctx.pipeline !== false);
    default:
      return new HomeView(ctx);
  }
}

/** @param pipeline false on a scan's site: no live channel, so no Live entry. */
export function siteNav(pipeline = true): HTMLElement {
  const links: [string, string][] = [
    ['#/', 'Home'],
    ...(pipeline ? [['#/live', 'Live'] as [string, string]] : []),
    ['#/labels', 'Labels'],
    ['#/celebrities', 'Celebrities'],
    ['#/history', 'History'],
    ['#/health', 'Health'],
  ];
  return h(
    'nav',
    { class: 'site-nav', 'aria-label': 'Views' },
    h('ul', {}, ...links.map(([href, text]) => h('li', {}, h('a', { href }, text)))),
  );
}
