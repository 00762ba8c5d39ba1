/**
 * Hash routes (segments URI-encoded; anything unknown is the home view):
 *   #/                      home: every label, celebrities, newest clips
 *   #/live[/<channel>]      the channel playing, now on screen, the last 30 minutes
 *   #/labels                every label per channel;  #/labels/<name>  one label
 *   #/celebrities           celebrities and named faces
 *   #/health                health per channel
 *   #/history[/<day>]       clip history, one UTC day per page (filters in the page)
 *   #/clips/<id>[?day=D]    one clip (from clips.json, or from day page D)
 */

export type Route =
  | { kind: 'home' }
  | { kind: 'clip'; id: string; day?: string }
  | { kind: 'label'; name: string }
  | { kind: 'labels' }
  | { kind: 'celebrities' }
  | { kind: 'health' }
  | { kind: 'live'; channel?: string }
  | { kind: 'history'; day?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function decode(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const match = /^\/(clips|labels|live|history|celebrities|health)(?:\/(.+))?$/.exec(path);
  if (!match) return { kind: 'home' };
  const [, section, rest] = match;
  const value = rest === undefined ? undefined : decode(rest);
  if (rest !== undefined && value === undefined) return { kind: 'home' };
  switch (section) {
    case 'clips': {
      if (value === undefined) return { kind: 'home' };
      const day = new URLSearchParams(query).get('day');
      return day && DAY.test(day) ? { kind: 'clip', id: value, day } : { kind: 'clip', id: value };
    }
    case 'labels':
      return value === undefined ? { kind: 'labels' } : { kind: 'label', name: value };
    case 'live':
      return value === undefined ? { kind: 'live' } : { kind: 'live', channel: value };
    case 'history':
      return value !== undefined && DAY.test(value) ? { kind: 'history', day: value } : { kind: 'history' };
    case 'celebrities':
      return { kind: 'celebrities' };
    default:
      return { kind: 'health' };
  }
}

export function clipHref(id: string, day?: string): string {
  return `#/clips/${encodeURIComponent(id)}${day ? `?day=${day}` : ''}`;
}

export function labelHref(name: string): string {
  return `#/labels/${encodeURIComponent(name)}`;
}

export function liveHref(channel: string): string {
  return `#/live/${encodeURIComponent(channel)}`;
}

export function historyHref(day: string): string {
  return `#/history/${day}`;
}
