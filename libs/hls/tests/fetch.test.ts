import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadSegment,
  fetchBytes,
  fetchText,
  FetchTimeoutError,
  HostNotAllowedError,
  HostPolicy,
  HttpStatusError,
  NetworkError,
  ResponseTooLargeError,
} from '../src/index';
import { redirect, sequence, slow, startOrigin, text, type Origin } from './helpers/origin';

const fast = { backoffMs: 10, timeoutMs: 2000 };

describe('fetchBytes / fetchText against a scripted origin', () => {
  let a: Origin;
  let b: Origin;
  beforeAll(async () => {
    a = await startOrigin();
    b = await startOrigin();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('returns the body on 200 with one attempt', async () => {
    a.route('/ok', text('#EXTM3U\n'));
    const result = await fetchText(`${a.base}/ok`, fast);
    expect([result.text, result.status, result.attempts]).toEqual(['#EXTM3U\n', 200, 1]);
  });

  it('retries 5xx with backoff and succeeds when the origin recovers', async () => {
    a.route('/flaky', sequence(text('down', 500), text('down', 503), text('fine')));
    const result = await fetchText(`${a.base}/flaky`, { ...fast, retries: 2 });
    expect([result.text, result.attempts]).toEqual(['fine', 3]);
  });

  it('gives up after the retries with an error naming the URL and status', async () => {
    a.route('/down', text('down', 503));
    const before = a.requests.length;
    const error = await fetchText(`${a.base}/down`, { ...fast, retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(503);
    expect((error as Error).message).toBe(`GET ${a.base}/down failed: HTTP 503 (after 3 attempts)`);
    expect(a.requests.length - before).toBe(3);
  });

  it('does not retry a 404', async () => {
    const before = a.requests.length;
    const error = await fetchText(`${a.base}/missing`, { ...fast, retries: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(404);
    expect((error as Error).message).toContain(`${a.base}/missing`);
    expect(a.requests.length - before).toBe(1);
  });

  it('times out a slow response on every attempt, then recovers when it is fast again', async () => {
    a.route('/slow', slow(1000, text('late')));
    const error = await fetchText(`${a.base}/slow`, { timeoutMs: 150, retries: 1, backoffMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect((error as Error).message).toBe(`GET ${a.base}/slow timed out after 150 ms (after 2 attempts)`);
    a.route('/slow-once', sequence(slow(1000, text('late')), text('quick')));
    expect((await fetchText(`${a.base}/slow-once`, { timeoutMs: 150, retries: 1, backoffMs: 10 })).text).toBe('quick');
  });

  it('reports a refused connection as a NetworkError after retries', async () => {
    const dead = await startOrigin();
    const url = `${dead.base}/x`;
    await dead.close();
    const error = await fetchText(url, { ...fast, retries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(url);
  });

  it('caps the body size, declared or streamed', async () => {
    a.route('/big', text('x'.repeat(5000)));
    a.route('/big-chunked', (_req, res) => {
      res.writeHead(200); // no Content-Length: chunked
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
    });
    await expect(fetchBytes(`${a.base}/big`, { ...fast, maxBytes: 1000 })).rejects.toThrow(ResponseTooLargeError);
    await expect(fetchBytes(`${a.base}/big-chunked`, { ...fast, maxBytes: 1000 })).rejects.toThrow(
      `GET ${a.base}/big-chunked: response larger than 1000 bytes`,
    );
  });

  it('follows a redirect on the same host but refuses one to another host unless allowed', async () => {
    b.route('/target', text('from b'));
    a.route('/same', redirect('/ok'));
    a.route('/cross', redirect(`${b.base}/target`));
    expect((await fetchText(`${a.base}/same`, fast)).text).toBe('#EXTM3U\n');
    const before = b.requests.length;
    const error = await fetchText(`${a.base}/cross`, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostNotAllowedError);
    expect((error as Error).message).toBe(
      `refused ${b.base}/target: host ${b.host} is not allowed (redirect from ${a.base}/cross)`,
    );
    expect(b.requests.length).toBe(before); // never contacted
    const allowed = await fetchText(`${a.base}/cross`, { ...fast, hostPolicy: new HostPolicy(a.base, [b.host]) });
    expect([allowed.text, allowed.url]).toEqual(['from b', `${b.base}/target`]);
  });

  it('refuses a URL outside the policy without any request', async () => {
    const before = b.requests.length;
    await expect(fetchBytes(`${b.base}/target`, { hostPolicy: new HostPolicy(a.base) })).rejects.toThrow(
      HostNotAllowedError,
    );
    expect(b.requests.length).toBe(before);
  });

  it('downloads a byte range from a server that honours Range and from one that ignores it', async () => {
    const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    a.route('/ranged', (req, res) => {
      const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
      if (!m) return void res.writeHead(200).end(body);
      res
        .writeHead(206, { 'Content-Range': `bytes ${m[1]}-${m[2]}/256` })
        .end(body.subarray(Number(m[1]), Number(m[2]) + 1));
    });
    a.route('/plain', text(body));
    for (const path of ['/ranged', '/plain']) {
      const result = await downloadSegment({ uri: `${a.base}${path}`, byteRange: { offset: 10, length: 5 } }, fast);
      expect([...result.bytes], path).toEqual([10, 11, 12, 13, 14]);
    }
    expect((await downloadSegment({ uri: `${a.base}/plain` }, fast)).bytes.byteLength).toBe(256);
  });
});
