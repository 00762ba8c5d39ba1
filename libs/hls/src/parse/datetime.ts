const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

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
 * Hand-rolled rather than `Date.parse` because that accepts many non-ISO forms and is locale-
 * and engine-dependent; one regex per segment also keeps a 10,000-segment playlist fast.
 */
export function parseDateTime(value: string): ParsedDateTime | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const fraction = m[7];
  if (fraction) ms += fraction.length === 3 ? +fraction : Number(`0.${fraction}`) * 1000;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.charCodeAt(0) === 45 /* - */ ? -1 : 1;
    const digits = zone.length === 6 ? zone.slice(1, 3) + zone.slice(4) : zone.slice(1);
    const offset = +digits.slice(0, 2) * 60 + +(digits.slice(2) || '0');
    ms -= sign * offset * 60_000;
  }
  return { ms, hasZone: zone !== undefined };
}
