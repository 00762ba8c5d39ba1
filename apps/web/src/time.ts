/**
 * Times as people read them: the viewer's own time zone (named), a relative "2 min ago", and
 * the exact UTC frame label kept for detail views. `now` is a parameter so tests can pin it.
 */
import { MEDIA_TIME_BEFORE_MS } from './constants';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** True for a time counted from 0 (a scanned file's frames), see MEDIA_TIME_BEFORE_MS. */
export function isMediaTime(iso: string): boolean {
  return Date.parse(iso) < MEDIA_TIME_BEFORE_MS;
}

/** "00:00:01.500 media time": the position in the media of a time counted from 0. */
export function mediaTime(iso: string): string {
  const ms = Math.max(0, Date.parse(iso));
  return `${position(ms)}.${String(ms % 1000).padStart(3, '0')} media time`;
}

/** "HH:MM:SS" of a media position in ms (hours may exceed 23: a long file is not a date). */
function position(ms: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}`;
}

/** The instant of a frame label `YYYY-MM-DD HH:MM:SS;FF` (its whole second), NaN when it is not one. */
function frameSecond(frame: string): number {
  return Date.parse(`${frame.slice(0, 10)}T${frame.slice(11, 19)}Z`);
}

/**
 * A frame label as people read it: "2026-12-02 18:10:00;12 UTC" on a live channel, and for a
 * scanned file's frames (counted from 1970-01-01, see MEDIA_TIME_BEFORE_MS) its position in the
 * file, "00:00:03;12 media time" — the same rule as `mediaTime`, never a 1970 date.
 */
export function frameText(frame: string): string {
  const second = frameSecond(frame);
  if (!(second < MEDIA_TIME_BEFORE_MS)) return `${frame} UTC`;
  return `${position(Math.max(0, second))}${frame.slice(19)} media time`;
}

/** "00:00:03;00 → 00:00:06;24 media time" or "<frame> → <frame> UTC" (one suffix for the pair). */
export function frameRangeText(from: string, to: string): string {
  const [a, b] = [frameText(from), frameText(to)];
  const suffix = (t: string) => / (media time|UTC)$/.exec(t)?.[0] ?? '';
  return suffix(a) === suffix(b) ? `${a.slice(0, a.length - suffix(a).length)} → ${b}` : `${a} → ${b}`;
}

/** "2 min ago", "in 5 sec", "now" — the largest whole unit. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  if (isMediaTime(iso)) return mediaTime(iso);
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 5) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** Local wall-clock time with zone; the date too unless it is today (local). */
export function localTime(iso: string, now: number = Date.now()): string {
  if (isMediaTime(iso)) return mediaTime(iso);
  const date = new Date(iso);
  const today = new Date(now);
  const sameDay =
    date.getFullYear() === today.getFullYear() &&
    date.getMonth() === today.getMonth() &&
    date.getDate() === today.getDate();
  return (sameDay ? timeFormat : dateTimeFormat).format(date);
}

/** Hours and minutes only (an axis tick). */
export function clockTime(iso: string): string {
  if (isMediaTime(iso)) return mediaTime(iso).slice(0, 8);
  return clockFormat.format(new Date(iso));
}

/** "18:10:00 CET · 2 min ago" */
export function localAndRelative(iso: string, now: number = Date.now()): string {
  if (isMediaTime(iso)) return mediaTime(iso);
  return `${localTime(iso, now)} · ${relativeTime(iso, now)}`;
}

/** A UTC day file's name as a heading: "Wed, Dec 2, 2026". */
export function formatUtcDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/**
 * A `<time>` that the dashboard keeps current: its text is rewritten on every poll
 * (`refreshTimes`), its `datetime` and `title` carry the exact instant.
 */
export function timeElement(iso: string, mode: 'local' | 'relative' | 'both' = 'both'): HTMLTimeElement {
  const el = document.createElement('time');
  setTime(el, iso, mode);
  return el;
}

export function setTime(el: HTMLElement, iso: string, mode: 'local' | 'relative' | 'both' = 'both'): void {
  el.setAttribute('datetime', iso);
  el.setAttribute('data-time-mode', mode);
  el.setAttribute(
    'title',
    isMediaTime(iso) ? mediaTime(iso) : new Date(iso).toISOString().replace('T', ' ').replace('Z', ' UTC'),
  );
  el.textContent = render(iso, mode, Date.now());
}

function render(iso: string, mode: string, now: number): string {
  if (mode === 'local') return localTime(iso, now);
  if (mode === 'relative') return relativeTime(iso, now);
  return localAndRelative(iso, now);
}

/** Rewrites every relative time under `root` (a plain local time does not age; skipped). */
export function refreshTimes(root: ParentNode, now: number = Date.now()): void {
  for (const el of root.querySelectorAll<HTMLElement>('time[data-time-mode]:not([data-time-mode="local"])')) {
    const iso = el.getAttribute('datetime');
    if (iso) el.textContent = render(iso, el.getAttribute('data-time-mode') ?? 'both', now);
  }
}
