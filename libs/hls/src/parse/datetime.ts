const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parsed `#EXT-X-PROGRAM-DATE-TIME` value. */
export interface ParsedDateTime {
  /** Epoch ms, sub-millisecond digits kept as a fraction. */
  readonly ms: number;
  /** False when the value had no zone (then read as UTC). */
  readonly hasZone: boolean;
}

/**
 * Parse an ISO-8601 date-time as HLS writes it: `2026-11-26T17:32:23.123Z`, `+00:00`, or the
 * `+0000` form ffmpeg prints. Returns undefined for anything else (including impossible dates).
 */
export function parseDateTime(value: string): ParsedDateTime | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined; // 31 February
  if (m[7]) ms += Number(`0.${m[7]}`) * 1000;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offset * 60_000;
  }
  return { ms, hasZone: zone !== undefined };
}
