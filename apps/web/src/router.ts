/** Hash routes: `#/` live view, `#/clips/<id>`, `#/labels/<name>` (segments URI-encoded). */

export type Route = { kind: 'live' } | { kind: 'clip'; id: string } | { kind: 'label'; name: string };

function decode(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const match = /^#\/(clips|labels)\/(.+)$/.exec(hash);
  if (!match) return { kind: 'live' };
  const value = decode(match[2]!);
  if (value === undefined) return { kind: 'live' };
  return match[1] === 'clips' ? { kind: 'clip', id: value } : { kind: 'label', name: value };
}

export function clipHref(id: string): string {
  return `#/clips/${encodeURIComponent(id)}`;
}

export function labelHref(name: string): string {
  return `#/labels/${encodeURIComponent(name)}`;
}
