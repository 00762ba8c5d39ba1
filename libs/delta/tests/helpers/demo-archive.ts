/**
 * Archives real live segments of the demo channel the way parse-lambda does: wait until the live
 * playlist holds `count` segments, download them, and hand them to `archive` in order.
 */
export interface LiveSegment {
  mediaSequence: number;
  uri: string;
  duration: number;
  bytes: Uint8Array;
}

function parse(text: string, base: string): { mediaSequence: number; uri: string; duration: number }[] {
  const firstSeq = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)/m.exec(text)?.[1] ?? '0');
  const out: { mediaSequence: number; uri: string; duration: number }[] = [];
  let duration = 0;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line !== '' && !line.startsWith('#')) {
      out.push({ mediaSequence: firstSeq + out.length, uri: new URL(line, base).toString(), duration });
    }
  }
  return out;
}

/** Segments `from .. from+count-1` of the live channel (waits for them to be published). */
export async function collectLiveSegments(
  mediaUrl: string,
  from: number,
  count: number,
  timeoutMs = 90_000,
): Promise<LiveSegment[]> {
  const deadline = Date.now() + timeoutMs;
  const got = new Map<number, LiveSegment>();
  while (got.size < count) {
    if (Date.now() > deadline) throw new Error(`demo channel gave ${got.size}/${count} segments in ${timeoutMs} ms`);
    const text = await (await fetch(mediaUrl, { signal: AbortSignal.timeout(5000) })).text();
    for (const s of parse(text, mediaUrl)) {
      if (s.mediaSequence < from || s.mediaSequence >= from + count || got.has(s.mediaSequence)) continue;
      const response = await fetch(s.uri, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`segment ${s.uri}: HTTP ${response.status}`);
      got.set(s.mediaSequence, { ...s, bytes: new Uint8Array(await response.arrayBuffer()) });
    }
    if (got.size < count) await new Promise((r) => setTimeout(r, 250));
  }
  return [...got.values()].sort((a, b) => a.mediaSequence - b.mediaSequence);
}
