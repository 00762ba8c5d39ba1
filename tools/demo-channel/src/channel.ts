import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_AUDIO,
  DEFAULT_CONTAINER,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SCENES,
  DEFAULT_SEGMENT_SECONDS,
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_WINDOW_SEGMENTS,
  FPS,
  MASTER_PLAYLIST,
  MEDIA_PLAYLIST,
} from './constants';
import { DemoChannelOptionsError, DemoChannelStartError } from './errors';
import { FaultyOrigin } from './faults';
import { cachedProgram, checkSize, renderProgram } from './program';
import { startPublisher } from './publisher';
import { buildSchedule, frameTime, sceneOccurrences } from './schedule';
import { isCompletePlaylist, startStaticServer, type StaticServer } from './server';
import type { DemoChannel, DemoChannelOptions, PictureSize, PublisherExit, SegmentContainer } from './types';
import { MediaError, type FfmpegProcess } from '@catfinder/media';

/** Port, window, container and size with their defaults, each checked (DemoChannelOptionsError naming it). */
function checkedOptions(options: DemoChannelOptions): {
  port: number;
  windowSegments: number;
  container: SegmentContainer;
  size: PictureSize;
} {
  const port = options.port ?? DEFAULT_PORT;
  const windowSegments = options.windowSegments ?? DEFAULT_WINDOW_SEGMENTS;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DemoChannelOptionsError(`port must be an integer 0..65535, got ${port}`, { input: 'port' });
  }
  if (!Number.isInteger(windowSegments) || windowSegments < 2) {
    throw new DemoChannelOptionsError(`windowSegments must be an integer >= 2, got ${windowSegments}`, {
      input: 'windowSegments',
    });
  }
  const container = options.container ?? DEFAULT_CONTAINER;
  if (container !== 'ts' && container !== 'fmp4') {
    throw new DemoChannelOptionsError(`container must be 'ts' or 'fmp4', got ${JSON.stringify(container)}`, {
      input: 'container',
    });
  }
  return { port, windowSegments, container, size: checkSize(options.size) };
}

/**
 * Render the program, publish it as live HLS with ffmpeg and serve it on 127.0.0.1. Resolves once
 * the first segment is listed, with the schedule and the program start time needed to know
 * exactly which frames are which scene.
 */
export async function startDemoChannel(options: DemoChannelOptions = {}): Promise<DemoChannel> {
  const { port, windowSegments, container, size } = checkedOptions(options);
  const schedule = buildSchedule(
    options.scenes ?? DEFAULT_SCENES,
    options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS,
    FPS,
    options.gopSeconds,
  );

  const dir = await mkdtemp(join(tmpdir(), 'catfinder-demo-channel-'));
  let server: StaticServer | undefined;
  let ffmpeg: FfmpegProcess | undefined;
  let stopped = false;
  const onStop: (() => void)[] = [];
  // If the host process exits without stop() (a crashed test run), do not leave a live encoder behind.
  const killOnExit = (): void => {
    ffmpeg?.child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const step of onStop) step();
    process.removeListener('exit', killOnExit);
    await ffmpeg?.stop();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    let programPath = join(dir, 'program.mp4');
    if (options.cacheDir === undefined) await renderProgram(schedule, programPath, undefined, size);
    else programPath = await cachedProgram(schedule, options.cacheDir, undefined, size);
    const origin = new FaultyOrigin();
    server = await startStaticServer(dir, port, DEFAULT_HOST, origin);
    const base = `http://${DEFAULT_HOST}:${server.port}/`;
    ffmpeg = startPublisher({
      programPath,
      outDir: dir,
      schedule,
      windowSegments,
      audio: options.audio ?? DEFAULT_AUDIO,
      container,
      deleteThreshold: windowSegments, // windowSegments >= 2 is checked above
    });
    let exited: unknown;
    ffmpeg.done.then(
      () => (exited ??= new Error('ffmpeg exited')),
      (error: unknown) => (exited ??= error),
    );
    const publisherExit = exitOf(ffmpeg);
    const first = await waitForFirstSegment(
      `${base}${MEDIA_PLAYLIST}`,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      () => exited,
    );
    // ffmpeg numbers segments from 0 and every segment is exactly segmentSeconds, so segment 0
    // started `sequence * segmentSeconds` before the first listed one.
    const programStartMs = first.programDateTimeMs - first.mediaSequence * schedule.segmentSeconds * 1000;
    const timers = (options.faults ?? []).map((f) => setTimeout(() => origin.inject(f), f.atSeconds * 1000));
    onStop.push(() => timers.forEach(clearTimeout));
    return {
      masterUrl: `${base}${MASTER_PLAYLIST}`,
      mediaUrl: `${base}${MEDIA_PLAYLIST}`,
      port: server.port,
      dir,
      container,
      schedule,
      programStartMs,
      frameTime: (frame) => frameTime(schedule, programStartMs, frame),
      occurrences: (fromMs, toMs, name) => sceneOccurrences(schedule, programStartMs, fromMs, toMs, name),
      exited: () => publisherExit,
      inject: (fault) => origin.inject(fault),
      listed: () => origin.listed(),
      faultHistory: () => origin.history(),
      pid: () => ffmpeg?.child.pid,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The encoder's end as data, whether it was stopped or crashed. */
function exitOf(ffmpeg: FfmpegProcess): Promise<PublisherExit> {
  const tail = (text: string | undefined): string => (text ?? '').trim().split('\n').slice(-5).join('\n');
  const info = (stopped: boolean, stderrTail: string | undefined): PublisherExit => ({
    code: ffmpeg.child.exitCode,
    signal: ffmpeg.child.signalCode,
    stderrTail: tail(stderrTail),
    stopped,
  });
  return ffmpeg.done.then(
    (result) => info(result.stopped, result.stderrTail),
    (error: unknown) => info(false, error instanceof MediaError ? error.stderrTail : String(error)),
  );
}

interface FirstSegment {
  mediaSequence: number;
  programDateTimeMs: number;
}

/** Poll the served media playlist until it lists a segment with a program date time. */
async function waitForFirstSegment(url: string, timeoutMs: number, exited: () => unknown): Promise<FirstSegment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = exited();
    if (failure !== undefined) {
      throw new DemoChannelStartError(
        `ffmpeg stopped before the first playlist was written (${url})`,
        { input: url },
        { cause: failure },
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        const found = firstSegment(await response.text());
        if (found) return found;
      }
    } catch {
      // not served yet
    }
    if (Date.now() > deadline) {
      throw new DemoChannelStartError(`no live playlist at ${url} after ${timeoutMs} ms`, { input: url });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Media sequence and PROGRAM-DATE-TIME of the first segment of a complete playlist, if any. */
export function firstSegment(text: string): FirstSegment | undefined {
  if (!isCompletePlaylist(text)) return undefined;
  const sequence = /^#EXT-X-MEDIA-SEQUENCE:(\d+)\s*$/m.exec(text);
  const pdt = /^#EXT-X-PROGRAM-DATE-TIME:(.+?)\s*$/m.exec(text);
  if (!sequence || !pdt) return undefined;
  const ms = Date.parse(pdt[1]!);
  if (!Number.isFinite(ms)) return undefined;
  return { mediaSequence: Number(sequence[1]), programDateTimeMs: ms };
}
