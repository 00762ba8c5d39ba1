/** What {@link assignTimes} needs of a segment. */
export interface TimedDraft {
  readonly duration: number;
  readonly pdt?: number;
}

/**
 * Start time (epoch ms) of each segment and whether it is estimated, computed as a player does
 * (hls.js, RFC 8216 §6.3.1 "extrapolate backward"): a segment with its own
 * `#EXT-X-PROGRAM-DATE-TIME` starts at it; a later segment without one starts where the one
 * before it ends — across discontinuities too; segments before the first date are extrapolated
 * backward from it. A date after the last segment (`trailingPdt`) is where the last one ends.
 * Only a playlist with no date at all is `estimated`: `receivedAt` plus the running sum of durations.
 * Each date re-anchors, so rounding never accumulates. Typed arrays: no per-segment allocation.
 */
export function assignTimes(
  drafts: readonly TimedDraft[],
  receivedAt: number,
  trailingPdt: number | undefined,
): { starts: Float64Array; estimated: boolean } {
  const n = drafts.length;
  const starts = new Float64Array(n);
  let first = -1;
  for (let k = 0; k < n; k++) {
    if (drafts[k]!.pdt !== undefined) {
      first = k;
      break;
    }
  }
  if (first === -1 && trailingPdt === undefined) {
    let t = receivedAt;
    for (let k = 0; k < n; k++) {
      starts[k] = t;
      t += drafts[k]!.duration * 1000;
    }
    return { starts, estimated: true };
  }
  const anchorIndex = first === -1 ? n : first;
  let t = first === -1 ? trailingPdt! : drafts[first]!.pdt!;
  for (let k = anchorIndex - 1; k >= 0; k--) {
    t -= drafts[k]!.duration * 1000;
    starts[k] = t;
  }
  if (first !== -1) {
    t = drafts[first]!.pdt!;
    for (let k = first; k < n; k++) {
      const own = drafts[k]!.pdt;
      if (own !== undefined) t = own;
      starts[k] = t;
      t += drafts[k]!.duration * 1000;
    }
  }
  return { starts, estimated: false };
}
