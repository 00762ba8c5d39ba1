/**
 * Memory of segment downloads (issue 17 item 7): a 300 MiB chunked segment (no Content-Length,
 * generated on the fly by a local origin that honours backpressure, so only the client's memory
 * is measured) against the default 200 MiB cap, and a 190 MiB one under it. Each case runs in its
 * own child process (memory one case frees is not always returned to the OS and would hide the
 * next case's growth): after a 1 MiB warm-up download, peak RSS growth is sampled every 5 ms.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadSegment, downloadSegmentToFile, ResponseTooLargeError } from '../src/index';

const MiB = 1024 * 1024;

async function serve(res: ServerResponse, total: number): Promise<void> {
  const block = Buffer.alloc(MiB, 0x47);
  res.writeHead(200, { 'Content-Type': 'video/mp2t' });
  for (let sent = 0; sent < total && !res.destroyed; sent += MiB) {
    if (!res.write(block.subarray(0, Math.min(MiB, total - sent)))) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  res.end();
}

/** Peak RSS growth (MiB) while `run` runs, and how it ended. */
async function peakRss(run: () => Promise<unknown>): Promise<{ mb: number; outcome: string }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let outcome = 'ok';
  try {
    await run();
  } catch (error) {
    outcome = error instanceof ResponseTooLargeError ? 'rejected-at-cap' : `failed: ${String(error)}`;
  } finally {
    clearInterval(sampler);
  }
  return { mb: (Math.max(peak, process.memoryUsage().rss) - before) / MiB, outcome };
}

type Case = 'file-300' | 'file-190' | 'buffered-300';

/** One case, in this (child) process: warm-up, then the measured download. */
async function runCase(which: Case): Promise<{ mb: number; outcome: string }> {
  const server = createServer((req, res) => void serve(res, Number(req.url!.slice(1)) * MiB));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const path = join(tmpdir(), `hls-bench-${process.pid}.ts`);
  const options = { timeoutMs: 120_000, retries: 0 };
  try {
    await downloadSegmentToFile({ uri: `${base}/1` }, path, options);
    await downloadSegment({ uri: `${base}/1` }, options);
    if (which === 'buffered-300') return await peakRss(() => downloadSegment({ uri: `${base}/300` }, options));
    return await peakRss(() =>
      downloadSegmentToFile({ uri: `${base}/${which === 'file-300' ? 300 : 190}` }, path, options),
    );
  } finally {
    server.closeAllConnections();
    server.close();
    await rm(path, { force: true });
  }
}

function runChild(which: Case): Promise<{ mb: number; outcome: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), which], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { mb: number; outcome: string })
        : reject(new Error(`download bench child ${which} exited ${code}`)),
    );
  });
}

export interface DownloadFigures {
  readonly fileRejectMb: number;
  readonly fileAcceptMb: number;
  readonly bufferedRejectMb: number;
}

export async function measureDownloads(): Promise<DownloadFigures> {
  const fileReject = await runChild('file-300');
  const fileAccept = await runChild('file-190');
  const bufferedReject = await runChild('buffered-300');
  console.log(
    `downloads: 300 MiB to file ${fileReject.outcome}, 190 MiB to file ${fileAccept.outcome}, 300 MiB buffered ${bufferedReject.outcome}`,
  );
  if (
    fileReject.outcome !== 'rejected-at-cap' ||
    fileAccept.outcome !== 'ok' ||
    bufferedReject.outcome !== 'rejected-at-cap'
  ) {
    throw new Error('download bench: unexpected outcome (see the line above)');
  }
  return { fileRejectMb: fileReject.mb, fileAcceptMb: fileAccept.mb, bufferedRejectMb: bufferedReject.mb };
}

const which = process.argv[2] as Case | undefined;
if (which === 'file-300' || which === 'file-190' || which === 'buffered-300') {
  process.stdout.write(JSON.stringify(await runCase(which)));
}
