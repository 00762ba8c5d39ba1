import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadSegment,
  downloadSegmentToFile,
  FetchTimeoutError,
  HostNotAllowedError,
  ResponseTooLargeError,
  SegmentWriteError,
} from '../src/index';
import { redirect, startOrigin, text, type Origin } from './helpers/origin';

const MiB = 1024 * 1024;
const fast = { backoffMs: 10, timeoutMs: 5_000 };

/**
 * Serve `total` bytes chunked (no Content-Length), generated on the fly from one 1 MiB block and
 * honouring backpressure, so the origin itself never buffers; `sent()` says how much it wrote.
 */
function chunkedBody(total: number): {
  handler: (req: unknown, res: ServerResponse) => Promise<void>;
  sent: () => number;
} {
  const block = Buffer.alloc(MiB, 0x47);
  let written = 0;
  const handler = async (_req: unknown, res: ServerResponse): Promise<void> => {
    written = 0;
    res.writeHead(200, { 'Content-Type': 'video/mp2t' });
    while (written < total && !res.destroyed) {
      const chunk = block.subarray(0, Math.min(MiB, total - written));
      written += chunk.byteLength;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    res.end();
  };
  return { handler, sent: () => written };
}

describe('downloadSegmentToFile: segments streamed to disk under the size cap', () => {
  let a: Origin;
  let b: Origin;
  let dir: string;
  beforeAll(async () => {
    a = await startOrigin();
    b = await startOrigin();
    dir = await mkdtemp(join(tmpdir(), 'hls-download-'));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same bytes the buffer API returns, and only the byte range from a server that ignores Range', async () => {
    const body = randomBytes(300_000);
    a.route('/seg.ts', text(body));
    const path = join(dir, 'whole.ts');
    const result = await downloadSegmentToFile({ uri: `${a.base}/seg.ts` }, path, fast);
    expect([result.bytesWritten, result.status, result.attempts, result.path]).toEqual([300_000, 200, 1, path]);
    expect(Buffer.compare(await readFile(path), body)).toBe(0);
    expect(Buffer.compare(Buffer.from((await downloadSegment({ uri: `${a.base}/seg.ts` }, fast)).bytes), body)).toBe(0);
    const ranged = join(dir, 'range.ts');
    await downloadSegmentToFile(
      { uri: `${a.base}/seg.ts`, byteRange: { offset: 100_000, length: 5_000 } },
      ranged,
      fast,
    );
    expect(Buffer.compare(await readFile(ranged), body.subarray(100_000, 105_000))).toBe(0);
  });

  it('rejects a chunked body past the cap as soon as it passes it, and removes the partial file', async () => {
    const origin = chunkedBody(64 * MiB);
    a.route('/huge.ts', origin.handler);
    const path = join(dir, 'huge.ts');
    const error = await downloadSegmentToFile({ uri: `${a.base}/huge.ts` }, path, { ...fast, maxBytes: 4 * MiB }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toBe(`GET ${a.base}/huge.ts: response larger than ${4 * MiB} bytes`);
    expect(existsSync(path)).toBe(false);
    await new Promise((r) => setTimeout(r, 100)); // let the origin notice the closed connection
    expect(origin.sent()).toBeLessThan(32 * MiB); // reading stopped: the origin could not push the rest
  });

  it('keeps memory bounded for a large body under the cap (RSS grows far less than the body)', async () => {
    const size = 128 * MiB;
    const origin = chunkedBody(size);
    a.route('/big.ts', origin.handler);
    const path = join(dir, 'big.ts');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const result = await downloadSegmentToFile({ uri: `${a.base}/big.ts` }, path, {
        ...fast,
        timeoutMs: 60_000,
        maxBytes: 160 * MiB,
      });
      expect(result.bytesWritten).toBe(size);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // A buffering download holds all 128 MiB (measured: +267 MiB with the copy at the end); streaming
    // holds a few chunks plus garbage the GC has not collected yet (+40–50 MiB on the loaded dev box).
    expect((peak - before) / MiB).toBeLessThan(96);
    await rm(path);
  }, 60_000);

  it('removes the partial file when the body stalls past the timeout (retried, then FetchTimeoutError)', async () => {
    a.route('/stall.ts', (_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(64 * 1024)); // some bytes, then nothing
    });
    const path = join(dir, 'stall.ts');
    const error = await downloadSegmentToFile({ uri: `${a.base}/stall.ts` }, path, {
      timeoutMs: 200,
      retries: 1,
      backoffMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect(existsSync(path)).toBe(false);
  });

  it('applies the host policy to the URL and to redirects, creating no file', async () => {
    b.route('/evil.ts', text('x'));
    a.route('/to-b.ts', redirect(`${b.base}/evil.ts`));
    const path = join(dir, 'refused.ts');
    await expect(downloadSegmentToFile({ uri: `${a.base}/to-b.ts` }, path, fast)).rejects.toThrow(HostNotAllowedError);
    expect(existsSync(path)).toBe(false);
  });

  it('reports a file that cannot be written as SegmentWriteError, without retrying the request', async () => {
    a.route('/ok.ts', text('0123456789'));
    const before = a.requests.length;
    const path = join(dir, 'no-such-dir', 'x.ts');
    const error = await downloadSegmentToFile({ uri: `${a.base}/ok.ts` }, path, { ...fast, retries: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SegmentWriteError);
    expect((error as SegmentWriteError).path).toBe(path);
    expect(a.requests.length - before).toBe(1);
  });
});
