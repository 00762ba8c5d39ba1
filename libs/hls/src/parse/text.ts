import { DEFAULT_MAX_PLAYLIST_BYTES } from '../constants';
import { PlaylistParseError } from '../errors';

/**
 * Checks every playlist must pass before line parsing, so garbage fails fast with a clear code:
 * too large, binary (NUL or other C0 controls — UTF-8 text never has them), no `#EXTM3U` header.
 */
export function checkPlaylistText(text: string, url: string, maxBytes = DEFAULT_MAX_PLAYLIST_BYTES): void {
  if (text.length === 0) throw new PlaylistParseError('empty', 'empty body', url);
  // UTF-16 length ≤ UTF-8 byte length, so this never rejects a playlist under the byte cap.
  if (text.length > maxBytes) throw new PlaylistParseError('too-large', `larger than ${maxBytes} bytes`, url);
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new PlaylistParseError(
      'binary',
      `binary data (control character 0x${control[0].charCodeAt(0).toString(16)})`,
      url,
      line,
    );
  }
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // tolerate a BOM
  if (!text.startsWith('#EXTM3U', start))
    throw new PlaylistParseError('missing-extm3u', 'first line is not #EXTM3U', url, 1);
}

/** Split into lines, accepting LF or CRLF. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
