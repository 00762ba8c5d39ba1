/** Human-readable values for the cards. Pure, so tests can pin them. */
import type { Clip } from './types';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

export function formatLatency(seconds: number | undefined): string {
  return seconds === undefined ? '—' : `${seconds.toFixed(1)} s`;
}

export function formatConfidence(confidence: number | null): string {
  return confidence === null ? 'n/a' : `${confidence.toFixed(1)} %`;
}

/** Why a ready clip holds only part of its scene. */
const CUT_SHORT: Record<NonNullable<Clip['cutShortBy']>, string> = {
  gap: 'a gap in the stream cut the scene',
  reset: 'the encoder restarted during the scene',
};

export function describeStatus(clip: Clip): string {
  switch (clip.status) {
    case 'pending':
      return 'Waiting to cut…';
    case 'cutting':
      return 'Cutting…';
    case 'failed':
      return `Failed: ${clip.reason ?? 'no reason given'}`;
    case 'ready':
      return clip.cutShortBy === undefined ? 'Ready' : `Ready · partial: ${CUT_SHORT[clip.cutShortBy]}`;
  }
}

export function describeCut(clip: Clip): string {
  const method = clip.method ?? 'unknown method';
  if (!clip.verification) return `${method}, not verified`;
  const result = clip.verification.passed ? 'verified' : 'verification FAILED';
  return `${method}, ${result} (${clip.verification.method})`;
}
