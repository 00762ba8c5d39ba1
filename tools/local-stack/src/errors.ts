/** One clear reason the local stack cannot start (printed alone, exit code 1). */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}
