// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { PlayerManager, type PlayerFactory, type PlayerSource } from '../../src/player';
import { ClipList } from '../../src/render/clipList';
import type { RenderContext } from '../../src/render/context';
import { LabelStrip } from '../../src/render/labels';
import { LabelView, missingPhaseNotes, samplePhases } from '../../src/render/labelView';
import { clipsFeed, labelFeed, makeAppearance, makeClip, makeLabel, XSS_LABEL } from '../helpers/fixtures';

/** Records what the player manager asks of a player; implements the real PlayerFactory. */
class RecordingFactory {
  opened: PlayerSource[] = [];
  disposed = 0;
  readonly factory: PlayerFactory = async (_video, source) => {
    this.opened.push(source);
    return { dispose: () => void this.disposed++ };
  };
}

let players: RecordingFactory;
let ctx: RenderContext;

beforeEach(() => {
  document.body.innerHTML = '';
  players = new RecordingFactory();
  ctx = { policy: { siteRoot: 'http://site.test/' }, players: new PlayerManager(players.factory) };
});

function mount(list: ClipList): ClipList {
  document.body.appendChild(list.root);
  return list;
}

describe('ClipList', () => {
  it('renders a label with markup as text only', () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('x', { label: XSS_LABEL })]);
    expect(document.querySelector('.clip-title')?.textContent).toContain(XSS_LABEL);
    expect(document.querySelectorAll('img[src="x"]').length).toBe(0);
    const title = document.querySelector('.clip-title')!;
    expect([...title.querySelectorAll('*')].map((el) => el.className)).toEqual(['clip-label', 'clip-channel']);
  });

  it('shows the start frame label, duration, frames, cut method and latency', () => {
    const list = mount(new ClipList(ctx));
    const clip = makeClip('a', {
      method: 'reencode',
      verification: { passed: false, method: 'psnr' },
      latencySeconds: 12.34,
    });
    list.update([clip]);
    const facts = [...document.querySelectorAll('.facts dd')].map((dd) => dd.textContent);
    expect(facts.slice(1)).toEqual(['4.00 s', '100', 'reencode, verification FAILED (psnr)', '12.3 s']);
    // Start: the viewer's local time with its zone and "… ago"; the exact UTC frame label as tooltip.
    const start = document.querySelector('.facts dd time')!;
    expect(start.getAttribute('datetime')).toBe(clip.start);
    expect(start.getAttribute('title')).toBe(`${clip.startFrame} UTC`);
    expect(start.textContent).toMatch(/\d{2}:\d{2}:\d{2}.* · .*ago/);
  });

  it('turns a cutting clip into a playable one when the feed says it is ready', () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('c', { status: 'cutting', mp4Url: undefined })]);
    expect(document.querySelector('[data-clip-id="c"] button.poster')).toBeNull();
    list.update([makeClip('c')]);
    expect(document.querySelector('[data-clip-id="c"] button.poster')).not.toBeNull();
    expect(document.querySelector('[data-clip-id="c"] .clip-status')?.textContent).toBe('Ready');
  });

  it('shows a cutting clip without a play button and a failed clip with its reason', () => {
    const list = mount(new ClipList(ctx));
    list.update([
      makeClip('c', { status: 'cutting', mp4Url: undefined }),
      makeClip('f', { status: 'failed', reason: 'segments expired' }),
    ]);
    expect(document.querySelector('[data-clip-id="c"] .poster-status')?.textContent).toBe('Cutting…');
    expect(document.querySelector('[data-clip-id="c"] button')).toBeNull();
    expect(document.querySelector('[data-clip-id="f"] .clip-status')?.textContent).toBe('Failed: segments expired');
    expect(document.querySelector('[data-clip-id="f"] button')).toBeNull();
  });

  it('says a ready clip is partial when a gap or an encoder restart cut its scene', () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('g', { cutShortBy: 'gap' }), makeClip('r', { cutShortBy: 'reset' })]);
    expect(document.querySelector('[data-clip-id="g"] .clip-status')?.textContent).toBe(
      'Ready · partial: a gap in the stream cut the scene',
    );
    expect(document.querySelector('[data-clip-id="r"] .clip-status')?.textContent).toBe(
      'Ready · partial: the encoder restarted during the scene',
    );
    expect(document.querySelector('[data-clip-id="g"] button.poster')).not.toBeNull();
  });

  it('refuses a javascript: media URL (no poster button, no image)', () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('j', { mp4Url: 'javascript:alert(1)', posterUrl: 'javascript:alert(2)' })]);
    expect(document.querySelector('[data-clip-id="j"] button')).toBeNull();
    expect(document.querySelector('[data-clip-id="j"] img')).toBeNull();
  });

  it('inserts a new clip on top and keeps the existing nodes', () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('a'), makeClip('b')]);
    const a = document.querySelector('[data-clip-id="a"]');
    const b = document.querySelector('[data-clip-id="b"]');
    list.update([makeClip('new'), makeClip('a'), makeClip('b')]);
    const ids = [...document.querySelectorAll('article')].map((el) => el.getAttribute('data-clip-id'));
    expect(ids).toEqual(['new', 'a', 'b']);
    expect(document.querySelector('[data-clip-id="a"]')).toBe(a);
    expect(document.querySelector('[data-clip-id="b"]')).toBe(b);
    expect([...document.querySelectorAll('li.fresh article')].map((el) => el.getAttribute('data-clip-id'))).toEqual([
      'new',
    ]);
    list.update([makeClip('new'), makeClip('a')]);
    expect(document.querySelector('[data-clip-id="b"]')).toBeNull();
  });

  it('leaves the player of a playing clip untouched when its record or the list changes', async () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('a')]);
    document.querySelector<HTMLButtonElement>('[data-clip-id="a"] button.poster')!.click();
    await Promise.resolve();
    const video = document.querySelector('[data-clip-id="a"] video');
    expect(video).not.toBeNull();
    list.update([makeClip('b'), makeClip('a', { latencySeconds: 99 })]);
    expect(document.querySelector('[data-clip-id="a"] video')).toBe(video);
    expect(document.querySelector('[data-clip-id="a"] .facts')?.textContent).toContain('99.0 s');
    // Even after it leaves the feed, the playing clip stays until closed.
    list.update([makeClip('b')]);
    expect(document.querySelector('[data-clip-id="a"] video')).toBe(video);
    ctx.players.close();
    list.update([makeClip('b')]);
    expect(document.querySelector('[data-clip-id="a"]')).toBeNull();
  });

  it('keeps one player at a time, disposing the previous one', async () => {
    const list = mount(new ClipList(ctx));
    list.update([makeClip('a'), makeClip('b')]);
    await list.card('a')!.play();
    await list.card('b')!.play();
    expect(players.opened.map((s) => s.src)).toEqual([
      'http://site.test/clips/demo/a.mp4',
      'http://site.test/clips/demo/b.mp4',
    ]);
    expect(players.disposed).toBe(1);
    expect(document.querySelectorAll('video').length).toBe(1);
    expect(document.querySelector('[data-clip-id="a"] button.poster')).not.toBeNull();
    document.querySelector<HTMLButtonElement>('.player-close')!.click();
    expect(players.disposed).toBe(2);
    expect(document.querySelectorAll('video').length).toBe(0);
    expect(document.activeElement).toBe(document.querySelector('[data-clip-id="b"] button.poster'));
  });

  it('says so when there are no clips', () => {
    const list = mount(new ClipList(ctx));
    list.update(clipsFeed([]).clips);
    expect(list.root.querySelector<HTMLElement>('.empty')!.hidden).toBe(false);
  });
});

describe('LabelStrip', () => {
  it('links each label to its view and renders names as text', () => {
    const strip = new LabelStrip(ctx);
    strip.update([makeLabel('Cat'), makeLabel(XSS_LABEL)]);
    const links = [...strip.root.querySelectorAll('a.label-link')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#/labels/Cat', `#/labels/${encodeURIComponent(XSS_LABEL)}`]);
    expect(strip.root.querySelectorAll('img[src="x"]').length).toBe(0);
    expect([...strip.root.querySelectorAll('.label-name')].map((n) => n.textContent)).toEqual(['Cat', XSS_LABEL]);
  });
});

describe('LabelStrip facts', () => {
  it('says what the percentage is: the last confidence, as the Labels table column', () => {
    const strip = new LabelStrip(ctx);
    strip.update([makeLabel('Cat', { count: 41, confidence: 95.8, lastSeen: '1970-01-01T00:00:03.000Z' })]);
    expect(strip.root.querySelector('.label-facts')?.textContent).toBe(
      '41 seen · last 00:00:03.000 media time · last confidence 95.8 %',
    );
  });
});

describe('LabelView', () => {
  it('marks samples before, during and after the match with their confidence', () => {
    const view = new LabelView('Cat', ctx);
    view.update(labelFeed('Cat', [makeAppearance('a1', 'c1')]));
    const captions = [...view.root.querySelectorAll('figcaption')].map((c) => c.textContent);
    expect(captions).toEqual([
      '2026-11-26 11:00:01;00 UTC12.5 % · before · cut',
      '2026-11-26 11:00:02;00 UTC91.3 % · during · match · cut',
      '2026-11-26 11:00:03;00 UTC88.0 % · during · match',
      '2026-11-26 11:00:04;00 UTCn/a · after · cut',
    ]);
    expect(view.root.querySelector('a[href="#/clips/c1"]')).not.toBeNull();
    // every phase has a sample: nothing to explain
    expect(view.root.querySelector('.phase-note')).toBeNull();
  });

  // The shape the parse pipeline publishes: samples from the first match on (the appearance
  // machine opens on it), so "before" never has a sample; the page says so instead of a silent gap.
  it('says why there is no "before" sample when the appearance starts at a cut', () => {
    const published = makeAppearance('a2', 'c2');
    const view = new LabelView('Cat', ctx);
    view.update(labelFeed('Cat', [{ ...published, samples: published.samples.slice(1) }]));
    const captions = [...view.root.querySelectorAll('figcaption')].map((c) => c.textContent);
    expect(captions[0]).toBe('2026-11-26 11:00:02;00 UTC91.3 % · during · match · cut');
    const notes = [...view.root.querySelectorAll('.appearance .phase-note')].map((n) => n.textContent);
    expect(notes).toEqual([
      'Before: no sample — it starts at a cut, so the scene opened with the label on screen (the frame before belongs to the previous scene, which is not kept with the appearance).',
    ]);
  });

  it('says "before" is not kept for a mid-scene first match, and "after" not yet while on screen', () => {
    const base = makeAppearance('a3');
    const samples = base.samples.slice(1, 3).map((s) => ({ ...s, isCut: false }));
    const view = new LabelView('Cat', ctx);
    view.update(labelFeed('Cat', [{ ...base, samples }]));
    const notes = [...view.root.querySelectorAll('.phase-note')].map((n) => n.textContent);
    expect(notes).toEqual([
      'Before: no sample — an appearance keeps its samples from the first match on; the samples before it are not kept with it.',
      'After: not yet — still on screen.',
    ]);
  });

  it('says a closed appearance with no sample after its last match ended at a gap or the end', () => {
    const base = makeAppearance('a4', 'c4');
    const notes = missingPhaseNotes({ ...base, samples: base.samples.slice(0, 3) }, ['before', 'during', 'during']);
    expect(notes).toEqual([
      'After: no sample — it ended at a gap, a playlist reset or the end of the playlist, with no sample after its last match.',
    ]);
  });

  it('treats an appearance with no matched sample as all "before"', () => {
    const samples = makeAppearance('a').samples.map((s) => ({ ...s, matched: false }));
    expect(samplePhases(samples)).toEqual(['before', 'before', 'before', 'before']);
  });
});
