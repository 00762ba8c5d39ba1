/** Errors of the dashboard. They are shown in the notice, never thrown to the page. */

export class DashboardError extends Error {
  override name = 'DashboardError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A feed (or config.json) could not be fetched or was not what the contract says. */
export class FeedLoadError extends DashboardError {
  override name = 'FeedLoadError';
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`${url}: ${reason}`, options);
    this.url = url;
    this.reason = reason;
  }
}

/** The configuration (build-time env or config.json) holds a bad value. */
export class ConfigError extends DashboardError {
  override name = 'ConfigError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`config ${field}: ${message}`);
    this.field = field;
  }
}
