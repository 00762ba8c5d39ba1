/**
 * A finished HLS playlist as parts: a VOD playlist (`#EXT-X-ENDLIST`) is read once; an EVENT
 * playlist is reloaded (libs/hls's reload rule) until its ENDLIST appears. Segments are fetched
 * one at a time as the scan asks for them (libs/hls: timeouts, bounded retries, host policy) and
 * fMP4 is remuxed to MPEG-TS (libs/media). A segment that cannot be fetched is reported as a
 * damaged range and the scan goes on with a new timeline; a live playlist (neither) is refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  computeReloadDelay,
  downloadInitSection,
  downloadSegment,
  fetchText,
  HlsError,
  isMasterPlaylist,
  parseMasterPlaylist,
  parseMediaPlaylist,
  selectVariant,
  type MediaPlaylist,
  type Segment,
} from '@catfinder/hls';
import { normaliseSegmentInput } from '@catfinder/media';
import { ScanInputError } from '../errors';
import { probeFile } from '../probe';
import type { DamagedRange, PartSource, ScanPart } from '../types';

export interface PlaylistSourceOptions {
  readonly workDir: string;
  /** An EVENT playlist that gains no segment for this long is given up. @default max(30, 6 × target duration) */
  readonly stallSeconds?: number;
}

export async function openPlaylistSource(url: string, options: PlaylistSourceOptions): Promise<PartSource> {
  const first = await loadMedia(url);
  if (!first.endList && first.playlistType !== 'EVENT') {
    throw new ScanInputError(
      url,
      'live-playlist',
      'is a live playlist (no #EXT-X-ENDLIST and not PLAYLIST-TYPE:EVENT); follow it with `npm start -- --hls-url <url>` instead',
    );
  }
  const damage: DamagedRange[] = [];
  const total = first.endList ? first.segments.reduce((sum, s) => sum + s.duration, 0) : undefined;
  return {
    input: url,
    ...(total === undefined ? {} : { totalSeconds: total }),
    damage: () => damage,
    parts: (signal) => playlistParts(url, first, options, damage, signal),
  };
}

async function loadMedia(url: string, signal?: AbortSignal): Promise<MediaPlaylist> {
  try {
    const top = await fetchText(url, signal ? { signal } : {});
    if (!isMasterPlaylist(top.text)) return parseMediaPlaylist(top.text, top.url);
    const variant = selectVariant(parseMasterPlaylist(top.text, top.url));
    const media = await fetchText(variant.uri, signal ? { signal } : {});
    return parseMediaPlaylist(media.text, media.url);
  } catch (error) {
    if (!(error instanceof HlsError)) throw error;
    throw new ScanInputError(url, 'playlist', `cannot be read as an HLS playlist: ${error.message}`, { cause: error });
  }
}

async function* playlistParts(
  url: string,
  first: MediaPlaylist,
  options: PlaylistSourceOptions,
  damage: DamagedRange[],
  signal: AbortSignal,
): AsyncGenerator<ScanPart> {
  let playlist = first;
  let lastSequence = -1;
  let sequence = 0;
  let startSeconds = 0;
  let breaks = 0;
  let lost: ScanPart['lostBefore'];
  let probed = false;
  let lastNewAt = Date.now();
  const inits = new Map<string, string>();
  const stallMs = (options.stallSeconds ?? Math.max(30, 6 * first.targetDuration)) * 1000;
  for (;;) {
    const fresh = playlist.segments.filter((s) => s.mediaSequence > lastSequence);
    for (const segment of fresh) {
      lastSequence = segment.mediaSequence;
      const path = await fetchPart(url, segment, sequence, options.workDir, inits, signal).catch((error: unknown) => {
        if (error instanceof ScanInputError || !(error instanceof HlsError)) throw error;
        // Carried on the next part, so the scan reports it (and cuts there) when it gets there.
        const reason = `segment ${segment.uri} could not be fetched: ${error.message}`;
        lost = lost
          ? {
              sequence: lost.sequence,
              range: {
                ...lost.range,
                toSeconds: startSeconds + segment.duration,
                reason: `${lost.range.reason}; ${reason}`,
              },
            }
          : { sequence, range: { fromSeconds: startSeconds, toSeconds: startSeconds + segment.duration, reason } };
        breaks++;
        return undefined;
      });
      if (path) {
        // The first segment tells what the stream holds (audio only, an unsupported codec, …).
        if (!probed) await probeFile(path).catch((e: unknown) => Promise.reject(rename(e, url)));
        probed = true;
        const carried = lost;
        lost = undefined;
        yield {
          sequence,
          path,
          discontinuity: segment.discontinuitySequence + breaks,
          startSeconds,
          durationSeconds: segment.duration,
          ...(carried ? { lostBefore: carried } : {}),
        };
      }
      sequence++;
      startSeconds += segment.duration;
    }
    if (fresh.length > 0) lastNewAt = Date.now();
    if (playlist.endList) {
      if (lost) damage.push(lost.range);
      return;
    }
    if (Date.now() - lastNewAt > stallMs)
      throw new ScanInputError(
        url,
        'stalled',
        `EVENT playlist gained no segment for ${Math.round(stallMs / 1000)} s and has no #EXT-X-ENDLIST`,
      );
    await delay(computeReloadDelay({ targetDuration: playlist.targetDuration, loadMs: 0, failures: 0 }), undefined, {
      signal,
    });
    playlist = await loadMedia(playlist.url, signal);
  }
}

/** Downloads one segment (with its init section) and returns it as MPEG-TS. */
async function fetchPart(
  url: string,
  segment: Segment,
  sequence: number,
  workDir: string,
  inits: Map<string, string>,
  signal: AbortSignal,
): Promise<string> {
  const raw = join(workDir, `seg-${sequence}.bin`);
  const bytes = (await downloadSegment(segment, { signal })).bytes;
  await writeFile(raw, bytes);
  let initPath: string | undefined;
  if (segment.map) {
    initPath = inits.get(segment.map.uri);
    if (!initPath) {
      initPath = join(workDir, `init-${inits.size}.mp4`);
      await writeFile(initPath, (await downloadInitSection(segment.map, { signal })).bytes);
      inits.set(segment.map.uri, initPath);
    }
  }
  try {
    const normalised = await normaliseSegmentInput({
      segmentPath: raw,
      ...(initPath ? { initPath } : {}),
      outputDir: workDir,
      signal,
    });
    return normalised.tsPath;
  } catch (error) {
    throw new ScanInputError(
      url,
      'not-media',
      `segment ${segment.uri} is not MPEG-TS or fMP4 video: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A probe error about a downloaded segment, restated about the playlist the user named. */
function rename(error: unknown, url: string): unknown {
  if (!(error instanceof ScanInputError)) return error;
  return new ScanInputError(
    url,
    error.problem,
    `its first segment ${error.message.replace(/^scan: [^:]+(?::\d+)?[^:]*: /, '')}`,
    { cause: error },
  );
}
