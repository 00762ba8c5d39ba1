/** Small, non-blocking status bar listing feed problems; the page keeps showing the last good data. */
import { MAX_NOTICE_DETAILS } from '../constants';
import { h, replaceChildren } from '../dom';

export class Notice {
  readonly root: HTMLElement;
  private readonly problems = new Map<string, string>();

  constructor() {
    this.root = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  }

  /** Sets (message) or clears (undefined) the problem reported for one source. */
  set(source: string, message: string | undefined): void {
    if (message === undefined) this.problems.delete(source);
    else this.problems.set(source, message);
    this.render();
  }

  /** Sources with a problem shown. */
  get sources(): string[] {
    return [...this.problems.keys()];
  }

  get messages(): string[] {
    return [...this.problems.values()];
  }

  private render(): void {
    this.root.hidden = this.problems.size === 0;
    replaceChildren(this.root, ...[...this.problems.values()].map((message) => h('p', {}, message)));
  }
}

/** One line for a feed whose entries were partly dropped. */
export function describeWarnings(source: string, warnings: readonly string[]): string | undefined {
  if (warnings.length === 0) return undefined;
  const shown = warnings.slice(0, MAX_NOTICE_DETAILS).join('; ');
  const more = warnings.length > MAX_NOTICE_DETAILS ? ` and ${warnings.length - MAX_NOTICE_DETAILS} more` : '';
  return `${source}: skipped malformed entries — ${shown}${more}`;
}
