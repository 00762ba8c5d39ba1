/**
 * Keyed list of clip cards, newest first. A refresh reuses the DOM node of every clip that is
 * still listed and only inserts/removes around them, so a playing video is never moved,
 * re-created or paused by new clips arriving.
 */
import { h, replaceChildren } from '../dom';
import type { Clip } from '../types';
import { ClipCard } from './clipCard';
import type { RenderContext } from './context';

interface Entry {
  card: ClipCard;
  signature: string;
}

export class ClipList {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly entries = new Map<string, Entry>();
  private rendered = false;

  constructor(private readonly ctx: RenderContext) {
    this.list = h('ol', { class: 'clip-list', 'aria-label': 'Newest clips' });
    this.empty = h('p', { class: 'empty' }, 'No clips yet — they appear here within seconds of being cut.');
    this.root = h(
      'section',
      { class: 'clips', 'aria-labelledby': 'clips-heading' },
      h('h2', { id: 'clips-heading' }, 'Clips'),
      this.empty,
      this.list,
    );
  }

  update(clips: readonly Clip[]): void {
    const wanted: HTMLElement[] = [];
    const seen = new Set<string>();
    for (const clip of clips) {
      if (seen.has(clip.id)) continue; // a duplicated id would otherwise share one node
      seen.add(clip.id);
      const signature = JSON.stringify(clip);
      const entry = this.entries.get(clip.id);
      if (!entry) {
        const card = new ClipCard(clip, this.ctx);
        this.entries.set(clip.id, { card, signature });
        const item = wrapItem(card);
        // Highlight arrivals after the first render, so a new clip catches the eye.
        if (this.rendered) item.classList.add('fresh');
        wanted.push(item);
      } else {
        if (entry.signature !== signature) {
          entry.card.update(clip);
          entry.signature = signature;
        }
        wanted.push(entry.card.root.parentElement as HTMLElement);
      }
    }
    // A clip that scrolled out of the feed while playing stays until its player is closed.
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      if (entry.card.playing) wanted.push(entry.card.root.parentElement as HTMLElement);
      else {
        entry.card.root.parentElement?.remove();
        this.entries.delete(id);
      }
    }
    placeInOrder(this.list, wanted);
    this.empty.hidden = wanted.length > 0;
    this.rendered = true;
  }

  card(id: string): ClipCard | undefined {
    return this.entries.get(id)?.card;
  }

  clear(): void {
    replaceChildren(this.list);
    this.entries.clear();
  }
}

function wrapItem(card: ClipCard): HTMLElement {
  return h('li', {}, card.root);
}

/** Moves only nodes that are out of place; nodes already in order are not touched. */
function placeInOrder(parent: HTMLElement, wanted: HTMLElement[]): void {
  let cursor = parent.firstChild;
  for (const el of wanted) {
    if (el === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(el, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    parent.removeChild(cursor);
    cursor = next;
  }
}
