import { describe, expect, it } from 'vitest';
import { parseClipsFeed, parseLabelFeed, parseLabelsFeed } from '../../src/feeds/parse';
import { clipsFeed, labelFeed, labelsFeed, makeAppearance, makeClip, makeLabel } from '../helpers/fixtures';

describe('parseClipsFeed', () => {
  it('accepts a contract-shaped feed given as text', () => {
    const feed = clipsFeed([makeClip('a'), makeClip('b', { status: 'failed', reason: 'boom', mp4Url: undefined })]);
    const result = parseClipsFeed(JSON.stringify(feed));
    expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(feed)), warnings: [] });
  });

  it('rejects text that is not JSON, naming the problem', () => {
    const result = parseClipsFeed('{"version":1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/^not valid JSON/);
  });

  it('rejects an unknown version', () => {
    expect(parseClipsFeed({ version: 2, generatedAt: '2026-01-01T00:00:00Z', clips: [] })).toEqual({
      ok: false,
      problem: 'unsupported version 2 (expected 1)',
    });
  });

  it('rejects an envelope without the clips array', () => {
    const result = parseClipsFeed({ version: 1, generatedAt: '2026-01-01T00:00:00Z', clip: [] });
    expect(result).toEqual({ ok: false, problem: 'feed.clips should be an array (got missing)' });
  });

  it('drops a malformed clip, keeps the others and names the bad field', () => {
    const bad = { ...makeClip('bad'), startFrame: '11:00:00' };
    const result = parseClipsFeed({ ...clipsFeed([makeClip('good')]), clips: [makeClip('good'), bad, 42] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.clips.map((c) => c.id)).toEqual(['good']);
    expect(result.warnings).toEqual([
      'clips[1].startFrame should be a frame label YYYY-MM-DD HH:MM:SS;FF (got "11:00:00")',
      'clips[2] is not an object',
    ]);
  });

  it('rejects an unknown status and a negative frame count', () => {
    const result = parseClipsFeed(clipsFeed([{ ...makeClip('x'), status: 'done' as 'ready', frameCount: -1 }]));
    expect(result.ok && result.warnings).toEqual([
      'clips[0].status should be one of pending|cutting|ready|failed (got "done")',
      'clips[0].frameCount should be a number ≥ 0 (got -1)',
    ]);
  });

  it('keeps what cut a ready clip short and names an unknown value', () => {
    const result = parseClipsFeed(
      clipsFeed([makeClip('g', { cutShortBy: 'gap' }), { ...makeClip('x'), cutShortBy: 'stall' as 'gap' }]),
    );
    expect(result.ok && result.value.clips.map((c) => [c.id, c.cutShortBy])).toEqual([['g', 'gap']]);
    expect(result.ok && result.warnings).toEqual(['clips[1].cutShortBy should be one of gap|reset (got "stall")']);
  });

  it('treats a missing cuts list as no cuts', () => {
    const { cuts: _cuts, ...withoutCuts } = makeClip('a');
    const result = parseClipsFeed({ ...clipsFeed([]), clips: [withoutCuts] });
    expect(result.ok && result.value.clips[0]?.cuts).toEqual([]);
  });
});

describe('parseLabelsFeed', () => {
  it('accepts labels and rejects a confidence that is not a number', () => {
    const result = parseLabelsFeed(
      labelsFeed([makeLabel('Cat'), { ...makeLabel('Dog'), confidence: '90' as unknown as number }]),
    );
    expect(result.ok && result.value.labels.map((l) => l.name)).toEqual(['Cat']);
    expect(result.ok && result.warnings).toEqual(['labels[1].confidence should be a number ≥ 0 (got "90")']);
  });
});

describe('parseLabelFeed', () => {
  it('accepts appearances with null confidence samples', () => {
    const feed = labelFeed('Cat', [makeAppearance('a1', 'c1'), makeAppearance('a2')]);
    const result = parseLabelFeed(JSON.stringify(feed));
    expect(result.ok && result.value.appearances[0]?.samples[3]?.confidence).toBeNull();
    expect(result.ok && result.value.appearances[1]?.open).toBe(true);
  });

  it('requires the label name', () => {
    const { label: _label, ...rest } = labelFeed('Cat', []);
    expect(parseLabelFeed(rest)).toEqual({
      ok: false,
      problem: 'feed.label should be a non-empty string (got missing)',
    });
  });
});
