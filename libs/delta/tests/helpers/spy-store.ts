/**
 * Wraps a real ClipperStore (here: the project's store on the stand-ins) to record which objects
 * were put and deleted, and to make chosen puts fail — the faults a test needs to show that a
 * half-published clip is taken back.
 */
import type { ClipperStore } from '../../src/store-port';

export interface SpyStore extends ClipperStore {
  puts: string[];
  deletes: string[];
  /** Keys whose next put fails. */
  failPuts: Set<string>;
}

export function spyStore(inner: ClipperStore): SpyStore {
  const spy: SpyStore = {
    ...inner,
    puts: [],
    deletes: [],
    failPuts: new Set(),
    async putObject(key, body, contentType, cacheControl) {
      if (spy.failPuts.delete(key)) throw new Error(`injected failure putting ${key}`);
      await inner.putObject(key, body, contentType, cacheControl);
      spy.puts.push(key);
    },
    async deleteObject(key) {
      await inner.deleteObject(key);
      spy.deletes.push(key);
    },
  };
  return spy;
}
