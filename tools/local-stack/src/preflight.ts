/**
 * Start-up checks that turn the usual first-run problems into one clear message each, before
 * anything is started: an unwritable data folder, a port in use, an HLS URL that does not answer.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HLS_CHECK_TIMEOUT_MS } from './constants';
import { LocalStackError } from './errors';

export async function checkDataDir(dir: string): Promise<void> {
  const probe = join(dir, `.write-check-${randomUUID()}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (error) {
    throw new LocalStackError(`data folder ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}); pass --data-dir <folder>`);
  }
}

export async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new LocalStackError(`port ${port} on 127.0.0.1 is not available (${error.code ?? error.message}); pass --port <n>`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export async function checkHlsUrl(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(HLS_CHECK_TIMEOUT_MS) });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${HLS_CHECK_TIMEOUT_MS / 1000} s` : String((error as Error).cause ?? (error as Error).message);
    throw new LocalStackError(`--hls-url ${url} does not answer: ${reason}`);
  }
  const body = await response.text();
  if (!response.ok) throw new LocalStackError(`--hls-url ${url} answered HTTP ${response.status}`);
  if (!body.trimStart().startsWith('#EXTM3U')) throw new LocalStackError(`--hls-url ${url} is not an HLS playlist (no #EXTM3U)`);
}
