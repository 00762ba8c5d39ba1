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
  return parseCommonForm(value) ?? parseGeneral(value);
}

let cachedDay = '';
let cachedDayMs = 0;

/**
 * Fast path for the form live packagers write on every segment — `YYYY-MM-DDTHH:MM:SS.sss` then
 * `Z`, `+0000` or `+00:00` — reading digits by char code and reusing the day's epoch (consecutive
 * segments share it). Anything else returns undefined and takes the regex path.
 */
function parseCommonForm(v: string): ParsedDateTime | undefined {
  if (v.length < 24 || v.charCodeAt(10) !== 84 /* T */ || v.charCodeAt(19) !== 46 /* . */) return undefined;
  const zone = v.slice(23);
  let offsetMinutes: number;
  if (zone === 'Z' || zone === '+0000' || zone === '+00:00') offsetMinutes = 0;
  else return undefined;
  const day = v.slice(0, 10);
  if (day !== cachedDay) {
    const parsed = parseGeneral(`${day}T00:00:00Z`);
    if (!parsed) return undefined;
    cachedDay = day;
    cachedDayMs = parsed.ms;
  }
  if (v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const second = digits(v, 17, 2);
  const milli = digits(v, 20, 3);
  if (hour < 0 || minute < 0 || second < 0 || milli < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
  return { ms: cachedDayMs + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + milli, hasZone: true };
}

/** Decimal value of `length` ASCII digits at `start`, or -1. */
function digits(v: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function parseGeneral(value: string): ParsedDateTime | undefined {
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
