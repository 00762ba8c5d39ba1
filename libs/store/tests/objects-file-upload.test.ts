/**
 * A file body is streamed to the S3 stand-in (s3rver) and archived byte for byte; an attempt cut
 * off mid-body is retried with a freshly opened stream, a bounded number of times. The failures
 * come from a TCP relay in front of the stand-in that resets a connection once it has carried part
 * of the body — what a dropped connection does to a real upload.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Client, StoreUnavailableError, type Store } from '../src/index';
import { SDK_STREAMING_RETRY_WARNING } from '../src/clients';
import { startTestStore, type TestStore } from './helpers/store';

const FILE_BYTES = 1_500_000; // under the SDK's 2 MB `Expect: 100-continue` threshold: no wait for a 100
const CUT_AFTER_BYTES = 256 * 1024; // well into the body, far from its end

/** A relay to `upstream` that resets the next `cuts` connections after CUT_AFTER_BYTES. */
interface CuttingRelay {
  readonly endpoint: string;
  cuts: number;
  /** Connections reset so far. */
  readonly reset: number;
  close(): Promise<void>;
}

async function startCuttingRelay(upstream: URL): Promise<CuttingRelay> {
  const sockets = new Set<Socket>();
  let reset = 0;
  const relay = {
    cuts: 0,
    get reset() {
      return reset;
    },
  } as CuttingRelay & { cuts: number };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (relay.cuts > 0) {
      relay.cuts -= 1;
      let seen = 0;
      client.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= CUT_AFTER_BYTES && !client.destroyed) {
          reset += 1;
          client.resetAndDestroy();
        }
      });
      return;
    }
    const up = connect(Number(upstream.port), upstream.hostname);
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    client.pipe(up).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(relay, {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

describe('objects: a file body streamed to the S3 stand-in', () => {
  let t: TestStore;
  let dir: string;
  let file: string;
  let content: Buffer;
  let relay: CuttingRelay;
  const clients: { destroy(): void }[] = [];
  /** A store whose S3 calls go through the relay (a fresh client: no pooled connection carries over). */
  const throughRelay = (): Store => {
    const s3 = createS3Client({ endpoint: relay.endpoint, maxAttempts: 3, requestTimeoutMs: 3000 });
    clients.push(s3);
    return t.make({ s3 });
  };

  beforeAll(async () => {
    t = await startTestStore();
    dir = await mkdtemp(join(tmpdir(), 'store-file-upload-'));
    file = join(dir, 'segment.ts');
    content = randomBytes(FILE_BYTES);
    await writeFile(file, content);
    relay = await startCuttingRelay(new URL(t.standIns.s3.endpoint));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await relay?.close();
    await t?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('archives a segment file byte-identical, whole or from an offset', async () => {
    const o = t.store.objects;
    const key = await o.putSegmentArchive('demo', 41, 'ts', { path: file });
    expect(key).toBe('segments/demo/41.ts');
    expect(Buffer.from((await o.getBytes(key))!).equals(content)).toBe(true);
    expect((await o.head(key))?.contentLength).toBe(FILE_BYTES);

    await o.put('segments/demo/42.m4s', { path: file, start: 1234 });
    expect(Buffer.from((await o.getBytes('segments/demo/42.m4s'))!).equals(content.subarray(1234))).toBe(true);
    await o.put('segments/demo/43.m4s', { path: file, start: FILE_BYTES });
    expect((await o.getBytes('segments/demo/43.m4s'))?.byteLength).toBe(0);
  });

  it('retries an attempt cut off mid-body with a fresh stream: the object is whole', async () => {
    const store = throughRelay();
    relay.cuts = 1;
    const warn = vi.spyOn(console, 'warn');
    try {
      await store.objects.putSegmentArchive('demo', 44, 'ts', { path: file });
      // The SDK's "non-retryable streaming request" warning is ours to handle, not the console's.
      expect(warn.mock.calls.filter((c) => c[0] === SDK_STREAMING_RETRY_WARNING)).toEqual([]);
    } finally {
      warn.mockRestore();
    }
    expect(relay.reset).toBe(1);
    expect(Buffer.from((await t.store.objects.getBytes('segments/demo/44.ts'))!).equals(content)).toBe(true);
  });

  it('the S3 client logs no call and no failed call (an expected 404 is not an error), but passes the SDK’s other warnings to the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // A real failed command through the SDK's logger middleware: a HeadObject of a missing key (404).
      expect(await t.store.objects.head('segments/demo/none.ts')).toBeUndefined();
      const logger = createS3Client().config.logger;
      logger.warn('Are you using a Stream of unknown length as the Body of a PutObject request?');
      logger.warn(SDK_STREAMING_RETRY_WARNING);
      expect(warn.mock.calls).toEqual([
        ['Are you using a Stream of unknown length as the Body of a PutObject request?'],
      ]);
      expect(error).not.toHaveBeenCalled();
      expect(info).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      for (const spy of [warn, error, info, log]) spy.mockRestore();
    }
  });

  it('gives up after the client’s maxAttempts with StoreUnavailableError, storing nothing', async () => {
    const store = throughRelay();
    const before = relay.reset;
    relay.cuts = 10;
    const error = await store.objects.putSegmentArchive('demo', 45, 'ts', { path: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).retryable).toBe(true);
    expect(relay.reset - before).toBe(3);
    relay.cuts = 0;
    expect(await t.store.objects.getBytes('segments/demo/45.ts')).toBeUndefined();
  });

  it('a missing file or a start past its end is the caller’s error, not the store’s', async () => {
    const o = t.store.objects;
    const missing = await o.put('segments/demo/46.ts', { path: join(dir, 'gone.ts') }).catch((e: unknown) => e);
    expect(missing).not.toBeInstanceOf(StoreUnavailableError);
    expect((missing as NodeJS.ErrnoException).code).toBe('ENOENT');
    await expect(o.put('segments/demo/47.ts', { path: file, start: FILE_BYTES + 1 })).rejects.toThrow(
      `start ${FILE_BYTES + 1} is outside the file (${FILE_BYTES} bytes)`,
    );
  });
});
