/**
 * Do the archived segments cover the clip? Every media sequence from the start frame's segment
 * to the end frame's must be archived, on one timeline. The message says which case it is,
 * because the fix differs: expired (clip too late), not yet archived (clip too early), or a gap.
 */
import { ArchiveCoverageError } from '../errors';
import type { ArchivedSegment } from '../store-port';

const listed = (seqs: readonly number[]): string =>
  seqs.length <= 6
    ? seqs.join(', ')
    : `${seqs.slice(0, 3).join(', ')} … ${seqs.slice(-2).join(', ')} (${seqs.length} in all)`;

/** Returns the segments first..last in order, or throws ArchiveCoverageError naming the problem. */
export function checkCoverage(
  channel: string,
  first: number,
  last: number,
  archived: readonly ArchivedSegment[],
): ArchivedSegment[] {
  const bySeq = new Map(archived.map((s) => [s.mediaSequence, s] as const));
  const missing: number[] = [];
  const ordered: ArchivedSegment[] = [];
  for (let seq = first; seq <= last; seq += 1) {
    const segment = bySeq.get(seq);
    if (segment) ordered.push(segment);
    else missing.push(seq);
  }
  if (ordered.length === 0) {
    throw new ArchiveCoverageError(
      channel,
      `bounds outside the archive: none of segments ${first}..${last} of channel ${channel} is archived (expired, or not yet archived)`,
      missing,
    );
  }
  if (missing.includes(first)) {
    throw new ArchiveCoverageError(
      channel,
      `bounds outside the archive: start segment ${first} of channel ${channel} is not archived (expired?); missing: ${listed(missing)}`,
      missing,
    );
  }
  if (missing.includes(last)) {
    throw new ArchiveCoverageError(
      channel,
      `bounds outside the archive: end segment ${last} of channel ${channel} is not archived yet (or expired); missing: ${listed(missing)}`,
      missing,
    );
  }
  if (missing.length > 0) {
    throw new ArchiveCoverageError(
      channel,
      `gap in the archive: segments ${listed(missing)} of channel ${channel} are missing between ${first} and ${last}`,
      missing,
    );
  }
  const timelines = [...new Set(ordered.map((s) => s.discontinuitySequence))];
  if (timelines.length > 1) {
    throw new ArchiveCoverageError(
      channel,
      `bounds span a discontinuity: segments ${first}..${last} of channel ${channel} are on timelines ${timelines.join(', ')}`,
    );
  }
  return ordered;
}
