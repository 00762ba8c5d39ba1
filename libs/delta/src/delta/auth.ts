/**
 * Elemental Delta REST authentication: three headers per request,
 *   X-Auth-User    = user
 *   X-Auth-Expires = unix seconds after which the signature is void
 *   X-Auth-Key     = md5(apiKey + md5(path + user + apiKey + expires))
 * where `path` is the request path after the `/api` prefix, without query string (Elemental's
 * convention: `/api/contents/7?x=1` signs `/contents/7`).
 */
import { createHash } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** The path Delta signs: everything after the first `/api` segment, no query. */
export function signedPath(pathname: string): string {
  const at = pathname.search(/\/api(\/|$)/);
  const rest = at >= 0 ? pathname.slice(at + 4) : pathname;
  return rest === '' ? '/' : rest;
}

export interface DeltaAuthHeaders {
  'X-Auth-User': string;
  'X-Auth-Expires': string;
  'X-Auth-Key': string;
}

/** Headers for one request to `pathname`, valid until `expiresEpochSeconds`. */
export function deltaAuthHeaders(
  pathname: string,
  user: string,
  apiKey: string,
  expiresEpochSeconds: number,
): DeltaAuthHeaders {
  const expires = String(Math.floor(expiresEpochSeconds));
  const key = md5(apiKey + md5(signedPath(pathname) + user + apiKey + expires));
  return { 'X-Auth-User': user, 'X-Auth-Expires': expires, 'X-Auth-Key': key };
}
