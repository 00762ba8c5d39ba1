import { expect } from 'vitest';
import { LocalStackError } from '../../src/errors';

/** The message of the `LocalStackError` that `fn` throws (fails the test if it throws anything else or nothing). */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LocalStackError);
    return (error as Error).message;
  }
  throw new Error('expected a LocalStackError');
}
