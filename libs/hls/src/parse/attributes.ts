const ATTRIBUTE = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;

/** Parse an HLS attribute list (`A=1,B="x,y"`) into raw string values (quotes removed). */
export function parseAttributes(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) {
    const raw = m[2]!;
    result[m[1]!] = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  }
  return result;
}
