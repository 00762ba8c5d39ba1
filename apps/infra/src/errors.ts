/** Errors raised while configuring, bundling or synthesizing the CatFinder stack. */

/** Base class: every infra error names what was wrong and where. */
export class InfraError extends Error {
  override readonly name: string = 'InfraError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The channels config file (or a value in it) is missing or invalid. */
export class ConfigError extends InfraError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The config file (or context key) that holds the bad value. */
    readonly source: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}

/** esbuild failed, or a bundle imports something it does not ship. */
export class BundleError extends InfraError {
  override readonly name = 'BundleError';
  constructor(
    message: string,
    /** Entry point being bundled. */
    readonly entryPoint: string,
    options?: { cause?: unknown },
  ) {
    super(`bundling ${entryPoint}: ${message}`, options);
  }
}

/** A file the stack needs at synth time (web build, ffmpeg binary) is missing. */
export class MissingArtifactError extends InfraError {
  override readonly name = 'MissingArtifactError';
  constructor(
    message: string,
    /** The path that was expected. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A package pinned in package-lock.json cannot be read, fetched or verified. */
export class PinnedPackageError extends InfraError {
  override readonly name = 'PinnedPackageError';
  /** true when trying again may help (a registry or network failure). */
  readonly retryable: boolean;
  constructor(
    message: string,
    /** The package (or lockfile) concerned. */
    readonly packageName: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options);
    this.retryable = options?.retryable ?? false;
  }
}
