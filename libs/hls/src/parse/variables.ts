import type { PlaylistProblem } from '../types';

const REFERENCE = /\{\$([A-Za-z0-9_-]+)\}/g;

/**
 * `EXT-X-DEFINE` variables of one playlist (RFC 8216bis §4.4.2.3) and their substitution into URI
 * lines and quoted attribute values. What cannot be resolved (an undefined reference, a QUERYPARAM
 * missing from the playlist URL, an IMPORT with no multivariant value) is reported as a problem
 * and left as written — the spec makes that fatal; we keep the segment so numbering stays right.
 */
export class PlaylistVariables {
  private readonly values = new Map<string, string>();

  constructor(
    private readonly playlistUrl: string,
    private readonly imported: Readonly<Record<string, string>>,
    private readonly problems: PlaylistProblem[],
  ) {}

  /** Read one `EXT-X-DEFINE` attribute list. */
  define(attributes: Readonly<Record<string, string>>, line: number): void {
    const { NAME: name, VALUE: value, IMPORT: importName, QUERYPARAM: queryName } = attributes;
    const forms = [name, importName, queryName].filter((x) => x !== undefined).length;
    if (forms !== 1) {
      this.report('bad-define', 'EXT-X-DEFINE needs exactly one of NAME, IMPORT or QUERYPARAM', line);
      return;
    }
    if (name !== undefined) {
      if (value === undefined) return this.report('bad-define', `EXT-X-DEFINE NAME="${name}" has no VALUE`, line);
      return this.set(name, value, line);
    }
    if (importName !== undefined) {
      const imported = this.imported[importName];
      if (imported === undefined) {
        return this.report(
          'unresolved-variable',
          `EXT-X-DEFINE IMPORT="${importName}": no such variable in the multivariant playlist`,
          line,
        );
      }
      return this.set(importName, imported, line);
    }
    const fromQuery = queryValue(this.playlistUrl, queryName!);
    if (fromQuery === undefined) {
      return this.report(
        'unresolved-variable',
        `EXT-X-DEFINE QUERYPARAM="${queryName}": the playlist URL has no such query parameter`,
        line,
      );
    }
    this.set(queryName!, fromQuery, line);
  }

  /** `text` with every `{$name}` replaced; unknown names are reported and left as written. */
  substitute(text: string, line: number): string {
    if (!text.includes('{$')) return text;
    return text.replace(REFERENCE, (whole, name: string) => {
      const value = this.values.get(name);
      if (value !== undefined) return value;
      this.report(
        'undefined-variable',
        `variable reference ${whole} has no EXT-X-DEFINE before it; left as written`,
        line,
      );
      return whole;
    });
  }

  private set(name: string, value: string, line: number): void {
    if (this.values.has(name))
      this.report('bad-define', `EXT-X-DEFINE "${name}" is defined twice; the first value is kept`, line);
    else this.values.set(name, value);
  }

  private report(
    code: 'bad-define' | 'unresolved-variable' | 'undefined-variable',
    message: string,
    line: number,
  ): void {
    this.problems.push({ code, message, line });
  }
}

function queryValue(url: string, name: string): string | undefined {
  try {
    return new URL(url).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}
