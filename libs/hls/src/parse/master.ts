import { Parser } from 'm3u8-parser';
import { DEFAULT_MAX_PLAYLIST_BYTES } from '../constants';
import { PlaylistParseError } from '../errors';
import type { MasterPlaylist, PlaylistProblem, Variant } from '../types';
import { checkPlaylistText } from './text';

/** True when the text is a master (multivariant) playlist rather than a media playlist. */
export function isMasterPlaylist(text: string): boolean {
  return text.includes('#EXT-X-STREAM-INF');
}

/**
 * Parse a master playlist with m3u8-parser (attribute lists, RESOLUTION, FRAME-RATE, CODECS).
 * Variants without BANDWIDTH are kept with bandwidth 0 and reported as a problem. Throws
 * {@link PlaylistParseError} for garbage, a media playlist, or no variant at all.
 */
export function parseMasterPlaylist(text: string, url: string, options: { maxBytes?: number } = {}): MasterPlaylist {
  checkPlaylistText(text, url, options.maxBytes ?? DEFAULT_MAX_PLAYLIST_BYTES);
  if (!isMasterPlaylist(text)) {
    throw new PlaylistParseError('not-master', 'no #EXT-X-STREAM-INF (is this a media playlist?)', url);
  }
  const parser = new Parser();
  try {
    parser.push(text);
    parser.end();
  } catch (cause) {
    // m3u8-parser can throw a TypeError on some malformed tag orders (found by the fuzz test).
    throw new PlaylistParseError(
      'malformed',
      `m3u8-parser failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      url,
    );
  }
  const problems: PlaylistProblem[] = [];
  const variants: Variant[] = [];
  for (const item of parser.manifest.playlists ?? []) {
    // m3u8-parser also lists URI lines with no STREAM-INF before them (no attributes), and a
    // STREAM-INF without its URI line: neither is a variant.
    if (typeof item.uri !== 'string' || item.uri.trim() === '' || !item.attributes) continue;
    let uri: string;
    try {
      uri = new URL(item.uri, url).href;
    } catch {
      throw new PlaylistParseError('bad-uri', `cannot resolve variant URI "${String(item.uri).slice(0, 60)}"`, url);
    }
    const a = item.attributes;
    const bandwidth =
      typeof a.BANDWIDTH === 'number' && Number.isFinite(a.BANDWIDTH) && a.BANDWIDTH >= 0 ? a.BANDWIDTH : undefined;
    if (bandwidth === undefined)
      problems.push({ code: 'no-bandwidth', message: `variant ${uri} has no valid BANDWIDTH` });
    // m3u8-parser converts BANDWIDTH but leaves AVERAGE-BANDWIDTH as text.
    const average = Number(a['AVERAGE-BANDWIDTH']);
    const resolution = a.RESOLUTION;
    const frameRate = a['FRAME-RATE'];
    variants.push({
      uri,
      bandwidth: bandwidth ?? 0,
      ...(a['AVERAGE-BANDWIDTH'] !== undefined && Number.isFinite(average) && average >= 0
        ? { averageBandwidth: average }
        : {}),
      ...(resolution && Number.isFinite(resolution.width) && Number.isFinite(resolution.height)
        ? { resolution: { width: resolution.width, height: resolution.height } }
        : {}),
      ...(typeof frameRate === 'number' && Number.isFinite(frameRate) ? { frameRate } : {}),
      ...(typeof a.CODECS === 'string' ? { codecs: a.CODECS } : {}),
    });
  }
  if (variants.length === 0) throw new PlaylistParseError('no-variants', 'no variant stream with a URI', url);
  const definitions = (parser.manifest as { definitions?: Record<string, unknown> }).definitions ?? {};
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(definitions)) if (typeof value === 'string') variables[name] = value;
  return { url, variants, independentSegments: text.includes('#EXT-X-INDEPENDENT-SEGMENTS'), problems, variables };
}
