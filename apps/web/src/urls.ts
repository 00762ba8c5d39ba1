/**
 * The only gate through which a URL from a feed reaches the page. Feeds are data, not code: a URL
 * is used only if it resolves to http(s) on the site's own origin or on the configured media
 * origin (so `javascript:`, `data:` and `//elsewhere` are dropped).
 */

export interface UrlPolicy {
  /** Absolute URL of the site root (the directory holding index.html). */
  siteRoot: string;
  /** Absolute origin (or base URL) media is served from; relative URLs resolve against it. */
  mediaOrigin?: string;
}

function tryUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** The policy's two bases, parsed once per policy (a day page checks 2,000 URLs against them). */
const bases = new WeakMap<UrlPolicy, { site?: URL; media?: URL; key: string }>();

function basesOf(policy: UrlPolicy): { site?: URL; media?: URL } {
  const key = `${policy.siteRoot}\u0000${policy.mediaOrigin ?? ''}`;
  const cached = bases.get(policy);
  if (cached && cached.key === key) return cached;
  const site = tryUrl(policy.siteRoot);
  const media =
    site && policy.mediaOrigin
      ? tryUrl(policy.mediaOrigin.endsWith('/') ? policy.mediaOrigin : `${policy.mediaOrigin}/`, site.href)
      : undefined;
  const value = { site, media, key };
  bases.set(policy, value);
  return value;
}

/** Returns the absolute URL to use for a feed-supplied URL, or undefined if it is not allowed. */
export function safeMediaUrl(value: string | undefined, policy: UrlPolicy): string | undefined {
  if (value === undefined || value.trim() === '' || value.includes('\\')) return undefined;
  const { site, media } = basesOf(policy);
  if (!site) return undefined;
  const resolved = tryUrl(value, (media ?? site).href);
  if (!resolved || (resolved.protocol !== 'https:' && resolved.protocol !== 'http:')) return undefined;
  const allowed = new Set([site.origin, ...(media ? [media.origin] : [])]);
  return allowed.has(resolved.origin) ? resolved.href : undefined;
}

/** Site root for the current document: the directory that holds index.html. */
export function siteRootOf(documentUrl: string): string {
  return new URL('./', documentUrl).href;
}

/**
 * The live playlist's URL: allowed on the site or media origin (as any media), or on the one
 * extra origin the operator configured for the channel's packager/CDN (`liveOrigin` in
 * config.json — deploy-time configuration, never a feed, so a hostile feed cannot add one).
 */
export function safeLiveUrl(
  value: string | undefined,
  policy: UrlPolicy,
  liveOrigin: string | undefined,
): string | undefined {
  const media = safeMediaUrl(value, policy);
  if (media || value === undefined || !liveOrigin || value.includes('\\')) return media;
  const allowed = tryUrl(liveOrigin);
  const resolved = tryUrl(value);
  if (!allowed || !resolved || (resolved.protocol !== 'https:' && resolved.protocol !== 'http:')) return undefined;
  return resolved.origin === allowed.origin ? resolved.href : undefined;
}
