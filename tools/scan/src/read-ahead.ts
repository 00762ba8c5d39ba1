/**
 * Pulls up to `depth` items of an async iterable ahead of its consumer, so the producer's next
 * step (e.g. analysing the next part) runs while the consumer works on the current one
 * (e.g. detecting labels). Memory is bounded by `depth` items.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const buffer: Promise<IteratorResult<T>>[] = [];
  const pull = (): void => {
    const next = it.next();
    // Observed later by the loop below; this only keeps Node from reporting it early.
    next.catch(() => undefined);
    buffer.push(next);
  };
  let finished = false;
  try {
    pull();
    for (;;) {
      const result = await buffer.shift()!;
      if (result.done) {
        finished = true;
        return;
      }
      // Ask for the next item before handing this one over: that is the overlap.
      while (buffer.length < depth) pull();
      yield result.value;
    }
  } finally {
    if (!finished) {
      await Promise.allSettled(buffer);
      await it.return?.(undefined);
    }
  }
}
