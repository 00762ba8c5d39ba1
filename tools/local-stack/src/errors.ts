/** One clear reason the local stack cannot start (printed alone, exit code 1). */
export class LocalStackError extends Error {
  override readonly name: string = 'LocalStackError';
}

/**
 * A flag whose value cannot be used (a data folder that is a file or cannot be created, a port in
 * use): the CLI prints the line with a pointer to `--help` and exits 2, as for a mistyped flag.
 */
export class FlagValueError extends LocalStackError {
  override readonly name: string = 'FlagValueError';
}

/** Start-up was interrupted (Ctrl-C) and what had started is stopped again; the CLI exits 130. */
export class StartAbortedError extends LocalStackError {
  override readonly name: string = 'StartAbortedError';
  constructor() {
    super('start-up interrupted; everything started so far is stopped');
  }
}
