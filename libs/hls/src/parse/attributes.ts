const ATTRIBUTE = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;

/** An attribute list read from a tag. */
export interface AttributeList {
  /** Raw string values, quotes removed. */
  readonly values: Record<string, string>;
  /** Names of quoted values with no closing quote (kept whole, to the end of the line). */
  readonly unterminated: readonly string[];
}

/**
 * Parse an HLS attribute list (`A=1,B="x,y"`). A quoted value with no closing quote keeps every
 * character after the opening quote (players read it that way) and is listed in `unterminated`
 * so the caller can report it.
 */
export function parseAttributes(text: string): AttributeList {
  const values: Record<string, string> = {};
  const unterminated: string[] = [];
  for (const m of text.matchAll(ATTRIBUTE)) {
    const raw = m[2]!;
    if (raw.charCodeAt(0) !== 34 /* " */) {
      values[m[1]!] = raw;
    } else if (raw.length >= 2 && raw.endsWith('"')) {
      values[m[1]!] = raw.slice(1, -1);
    } else {
      values[m[1]!] = raw.slice(1);
      unterminated.push(m[1]!);
    }
  }
  return { values, unterminated };
}
