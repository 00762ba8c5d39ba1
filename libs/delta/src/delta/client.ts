/**
 * A small client for the Elemental Delta REST API, as the original system used it: list the
 * contents, find the live content by name, add a frame-accurate live_to_vod filter with MP4 and
 * HLS packages, and read the endpoints back. Every request is signed, has a timeout, and turns
 * the server's error body into the error message.
 */
import { DEFAULT_DELTA_AUTH_TTL_SECONDS, DEFAULT_DELTA_GET_ATTEMPTS, DEFAULT_DELTA_TIMEOUT_MS } from '../constants';
import {
  DeltaApiError,
  DeltaContentNotFoundError,
  DeltaHttpError,
  DeltaResponseError,
  DeltaTimeoutError,
} from '../errors';
import type { ApiKeyProvider } from './api-key-parameter';
import { deltaAuthHeaders } from './auth';
import { sleep } from '@catfinder/store';
import {
  buildLiveToVodXml,
  parseContent,
  parseContentList,
  parseErrorMessage,
  type DeltaContent,
  type DeltaFilter,
  type LiveToVodFilterSpec,
} from './xml';

export interface DeltaClientOptions {
  /** Base URL of the server (DELTA_URL); `api/…` is resolved against it. */
  baseUrl: string;
  /** DELTA_USER */
  user: string;
  /** DELTA_API_KEY, or a provider reading it when needed (DELTA_API_KEY_PARAMETER, see api-key-parameter.ts) */
  apiKey: string | ApiKeyProvider;
  /** Timeout of one HTTP request. @default 10000 */
  timeoutMs?: number;
  /** Seconds a signature stays valid. @default 30 */
  authTtlSeconds?: number;
  /** Attempts of a GET on 5xx or network errors (PUTs are sent once). @default 3 */
  getAttempts?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** The endpoints of one live_to_vod filter, resolved to absolute URLs. */
export interface LiveToVodEndpoints {
  contentId: string;
  filterId?: string;
  label: string;
  mp4Url: string;
  hlsUrl: string;
  /** true when the filter already existed (a repeat request made nothing new). */
  existed: boolean;
}

export class DeltaClient {
  private readonly baseUrl: string;
  private readonly user: string;
  private readonly apiKey: string | ApiKeyProvider;
  private readonly timeoutMs: number;
  private readonly authTtlSeconds: number;
  private readonly getAttempts: number;
  private readonly now: () => number;

  constructor(options: DeltaClientOptions) {
    // A base without a trailing slash would drop its last path segment when resolving `api/…`.
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.user = options.user;
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_DELTA_TIMEOUT_MS;
    this.authTtlSeconds = options.authTtlSeconds ?? DEFAULT_DELTA_AUTH_TTL_SECONDS;
    this.getAttempts = Math.max(1, options.getAttempts ?? DEFAULT_DELTA_GET_ATTEMPTS);
    this.now = options.now ?? Date.now;
  }

  /** `GET api/contents` */
  async listContents(): Promise<DeltaContent[]> {
    const { url, body } = await this.request('GET', 'api/contents');
    return this.parse('GET', url, body, parseContentList);
  }

  /** The content named `name`, or DeltaContentNotFoundError listing what the server has. */
  async findContentByName(name: string): Promise<DeltaContent> {
    const contents = await this.listContents();
    const found = contents.find((c) => c.name === name);
    if (!found)
      throw new DeltaContentNotFoundError(
        this.resolve('api/contents'),
        name,
        contents.map((c) => c.name),
      );
    return found;
  }

  /** `GET api/contents/{id}` */
  async getContent(id: string): Promise<DeltaContent> {
    const { url, body } = await this.request('GET', `api/contents/${encodeURIComponent(id)}`);
    return this.parse('GET', url, body, parseContent);
  }

  /**
   * Adds a frame-accurate live_to_vod filter (with mp4_package and hls_package children) to the
   * content, unless a filter with the same label exists already, and returns its endpoints.
   */
  async createLiveToVod(contentId: string, spec: LiveToVodFilterSpec): Promise<LiveToVodEndpoints> {
    const path = `api/contents/${encodeURIComponent(contentId)}`;
    const current = await this.getContent(contentId);
    const existing = current.filters.find((f) => f.type === 'live_to_vod' && f.label === spec.label);
    if (existing) return this.endpointsOf(contentId, existing, spec.label, true, this.resolve(path));
    const { url, body } = await this.request('PUT', path, buildLiveToVodXml(spec));
    const content = this.parse('PUT', url, body, parseContent);
    const made = content.filters.find((f) => f.type === 'live_to_vod' && f.label === spec.label);
    if (!made)
      throw new DeltaResponseError('PUT', url, `response has no live_to_vod filter labelled "${spec.label}"`, body);
    return this.endpointsOf(contentId, made, spec.label, false, url);
  }

  private endpointsOf(
    contentId: string,
    filter: DeltaFilter,
    label: string,
    existed: boolean,
    url: string,
  ): LiveToVodEndpoints {
    const endpoint = (type: string): string => {
      const child = filter.children.find((c) => c.type === type);
      if (!child?.endpointUri) {
        throw new DeltaResponseError(
          'PUT',
          url,
          `live_to_vod filter "${label}" has no ${type} endpoint_uri`,
          JSON.stringify(filter),
        );
      }
      return this.resolve(child.endpointUri);
    };
    const result: LiveToVodEndpoints = {
      contentId,
      label,
      mp4Url: endpoint('mp4_package'),
      hlsUrl: endpoint('hls_package'),
      existed,
    };
    if (filter.id) result.filterId = filter.id;
    return result;
  }

  private resolve(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  private parse<T>(method: string, url: string, body: string, parse: (xml: string) => T): T {
    try {
      return parse(body);
    } catch (error) {
      throw new DeltaResponseError(method, url, `unexpected response: ${(error as Error).message}`, body, {
        cause: error,
      });
    }
  }

  private async request(method: 'GET' | 'PUT', path: string, body?: string): Promise<{ url: string; body: string }> {
    const url = this.resolve(path);
    const attempts = method === 'GET' ? this.getAttempts : 1;
    let lastError: DeltaApiError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        return { url, body: await this.once(method, url, body) };
      } catch (error) {
        if (!(error instanceof DeltaApiError)) throw error;
        lastError = error;
        const retryable = !(error instanceof DeltaHttpError) || error.status >= 500;
        if (!retryable || attempt === attempts) break;
        await sleep(100 * attempt + Math.random() * 100);
      }
    }
    throw lastError ?? new DeltaApiError(method, url, 'request failed');
  }

  private async once(method: string, url: string, body: string | undefined): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + this.authTtlSeconds;
    const headers: Record<string, string> = {
      Accept: 'application/xml',
      ...deltaAuthHeaders(
        new URL(url).pathname,
        this.user,
        typeof this.apiKey === 'string' ? this.apiKey : await this.apiKey(),
        expires,
      ),
    };
    if (body !== undefined) headers['Content-Type'] = 'application/xml';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new DeltaTimeoutError(method, url, this.timeoutMs, { cause: error });
      throw new DeltaApiError(method, url, `request failed: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new DeltaHttpError(method, url, response.status, parseErrorMessage(text));
    return text;
  }
}
