/**
 * What kind of input a scan was given, decided from its text alone (no file or network access),
 * so the command line can refuse a URL it cannot read before anything heavy loads.
 */
import { ScanInputError } from './errors';

/** `scheme://…`: RFC 3986 scheme syntax; a Windows drive (`C:\`, `C:/`) has no `//` after one letter. */
const URL_WITH_SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

export const isPlaylistUrl = (input: string): boolean => /^https?:\/\//i.test(input);

/**
 * Throws a ScanInputError (`unsupported-scheme`) for a URL that is not http(s): a scan reads files
 * and http(s) playlists only, and such a URL would otherwise be taken for a relative path.
 */
export function checkInputScheme(input: string): void {
  const scheme = URL_WITH_SCHEME.exec(input)?.[1];
  if (scheme === undefined || isPlaylistUrl(input)) return;
  throw new ScanInputError(
    input,
    'unsupported-scheme',
    `unsupported URL scheme "${scheme.toLowerCase()}:"; give a file path or an http(s) playlist URL`,
  );
}
