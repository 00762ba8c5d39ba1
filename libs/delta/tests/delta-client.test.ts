import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { DeltaClient } from '../src/delta/client';
import { deltaAuthHeaders, signedPath } from '../src/delta/auth';
import { buildLiveToVodXml, parseContentList } from '../src/delta/xml';
import { DeltaContentNotFoundError, DeltaHttpError, DeltaResponseError, DeltaTimeoutError } from '../src/errors';
import { startFakeDelta, type FakeDelta } from './helpers/fake-delta-server';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

const spec = {
  label: 'catfinder-abc123',
  startTime: '2026-11-26T17:00:01.000Z',
  endTime: '2026-11-26T17:00:09.966Z',
  startFrame: '2026-11-26 17:00:01;00',
  endFrame: '2026-11-26 17:00:09;29',
};

describe('Delta auth headers', () => {
  it('signs the path after /api with md5(apiKey + md5(path + user + apiKey + expires))', () => {
    const headers = deltaAuthHeaders('/api/contents/7', 'alice', 'KEY', 1_800_000_000);
    expect(headers['X-Auth-User']).toBe('alice');
    expect(headers['X-Auth-Expires']).toBe('1800000000');
    expect(headers['X-Auth-Key']).toBe(md5(`KEY${md5('/contents/7aliceKEY1800000000')}`));
  });

  it('keeps a base path in front of /api out of the signature', () => {
    expect(signedPath('/delta/api/contents')).toBe('/contents');
    expect(signedPath('/api')).toBe('/');
    expect(signedPath('/apifoo/contents')).toBe('/apifoo/contents');
  });
});

describe('Delta XML', () => {
  it('builds a live_to_vod filter with frame_accurate and mp4/hls package children, escaping values', () => {
    const xml = buildLiveToVodXml({ ...spec, label: 'cat <&> "1"' });
    expect(xml).toContain('&lt;&amp;&gt;');
    const doc = new XMLParser({ parseTagValue: false }).parse(xml) as {
      content: {
        filters: {
          filter: {
            filter_type: string;
            label: string;
            filter_settings: Record<string, string>;
            children: { filter: { filter_type: string; endpoint: string }[] };
          };
        };
      };
    };
    const filter = doc.content.filters.filter;
    expect(filter.filter_type).toBe('live_to_vod');
    expect(filter.label).toBe('cat <&> "1"');
    expect(filter.filter_settings).toEqual({
      start_time: spec.startTime,
      end_time: spec.endTime,
      start_frame: spec.startFrame,
      end_frame: spec.endFrame,
      frame_accurate: 'true',
    });
    expect(filter.children.filter.map((c) => [c.filter_type, c.endpoint])).toEqual([
      ['mp4_package', 'true'],
      ['hls_package', 'true'],
    ]);
  });

  it('rejects malformed XML instead of reading it as an empty list', () => {
    expect(() => parseContentList('<contents><content><id>1</id></contents>')).toThrow(/malformed XML/);
    expect(parseContentList('<contents/>')).toEqual([]);
  });
});

describe('DeltaClient against a fake Delta server', () => {
  let delta: FakeDelta;
  let client: DeltaClient;
  let liveId: number;

  beforeAll(async () => {
    delta = await startFakeDelta();
    delta.addContent('other & co');
    liveId = delta.addContent('catfinder-live');
  });
  afterAll(() => delta.stop());
  beforeEach(() => {
    delta.requests.length = 0;
    delta.faults.length = 0;
    client = new DeltaClient({ baseUrl: delta.url, user: delta.user, apiKey: delta.apiKey, timeoutMs: 1000 });
  });

  it('lists contents with GET api/contents, signed and asking for XML', async () => {
    const contents = await client.listContents();
    expect(contents.map((c) => c.name)).toEqual(['other & co', 'catfinder-live']);
    const [request] = delta.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/contents');
    expect(request?.headers.accept).toBe('application/xml');
    const expires = Number(request?.headers['x-auth-expires']);
    expect(expires).toBeGreaterThan(Date.now() / 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() / 1000 + 31);
  });

  it('finds the content by name', async () => {
    const content = await client.findContentByName('catfinder-live');
    expect(content.id).toBe(String(liveId));
  });

  it('names the missing content and what the server has', async () => {
    const error = await client.findContentByName('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaContentNotFoundError);
    expect((error as Error).message).toContain('no content named "nope"');
    expect((error as Error).message).toContain('"catfinder-live"');
  });

  it('PUTs a live_to_vod filter and reads back absolute MP4 and HLS endpoints', async () => {
    const result = await client.createLiveToVod(String(liveId), spec);
    expect(result.existed).toBe(false);
    expect(result.mp4Url).toMatch(new RegExp(`^${delta.url}out/content/${liveId}/\\d+/catfinder-abc123-mp4\\.mp4$`));
    expect(result.hlsUrl).toMatch(new RegExp(`^${delta.url}out/content/${liveId}/\\d+/catfinder-abc123-hls\\.m3u8$`));
    const put = delta.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/contents/${liveId}`);
    expect(put?.headers['content-type']).toBe('application/xml');
    expect(put?.body).toContain('<frame_accurate>true</frame_accurate>');
    expect(put?.body).toContain(`<start_frame>${spec.startFrame}</start_frame>`);
  });

  it('does not add a second filter for the same label', async () => {
    const again = await client.createLiveToVod(String(liveId), spec);
    expect(again.existed).toBe(true);
    expect(delta.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    const content = await client.getContent(String(liveId));
    expect(content.filters.filter((f) => f.label === spec.label)).toHaveLength(1);
  });

  it('carries the server message of a 4xx, without retrying', async () => {
    const error = await client
      .createLiveToVod(String(liveId), { ...spec, label: 'reversed', endTime: '2026-11-26T16:00:00.000Z' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaHttpError);
    expect((error as DeltaHttpError).status).toBe(422);
    expect((error as DeltaHttpError).serverMessage).toBe('Validation failed: end_time must be after start_time');
    expect(delta.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('rejects a wrong API key with the server message', async () => {
    const bad = new DeltaClient({ baseUrl: delta.url, user: delta.user, apiKey: 'wrong', timeoutMs: 1000 });
    const error = await bad.listContents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaHttpError);
    expect((error as Error).message).toContain('HTTP 401: invalid X-Auth-Key');
    expect(delta.requests).toHaveLength(1);
  });

  it('retries a GET after a 5xx, a bounded number of times', async () => {
    delta.faults.push({ kind: 'status', status: 503, body: 'busy' });
    expect((await client.listContents()).length).toBe(2);
    expect(delta.requests).toHaveLength(2);

    delta.requests.length = 0;
    for (let i = 0; i < 5; i += 1)
      delta.faults.push({ kind: 'status', status: 500, body: '<errors><error>disk full</error></errors>' });
    const error = await client.listContents().catch((e: unknown) => e);
    expect((error as Error).message).toContain('HTTP 500: disk full');
    expect(delta.requests).toHaveLength(3);
  });

  it('reports bad XML with the body', async () => {
    delta.faults.push({ kind: 'body', body: '<contents><content><id>1</contents>' });
    const error = await client.listContents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaResponseError);
    expect((error as Error).message).toMatch(/unexpected response: malformed XML/);
  });

  it('reports a response without the endpoints it needs', async () => {
    delta.faults.push(
      { kind: 'none' },
      { kind: 'body', body: `<content><id>${liveId}</id><name>catfinder-live</name><filters/></content>` },
    );
    const error = await client.createLiveToVod(String(liveId), { ...spec, label: 'ghost' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaResponseError);
    expect((error as Error).message).toContain('no live_to_vod filter labelled "ghost"');
  });

  it('times out a slow server', async () => {
    const slow = new DeltaClient({
      baseUrl: delta.url,
      user: delta.user,
      apiKey: delta.apiKey,
      timeoutMs: 150,
      getAttempts: 1,
    });
    delta.faults.push({ kind: 'delay', ms: 1000 });
    const error = await slow.listContents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaTimeoutError);
    expect((error as Error).message).toContain('no answer within 150 ms');
  });
});
