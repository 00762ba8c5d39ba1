/**
 * Delta's view of frame labels. The label rule itself (`YYYY-MM-DD HH:MM:SS;FF`) lives in
 * `@catfinder/store`'s `frameLabel`; this adds what only Delta needs.
 */

/** `HH:MM:SS;FF` part of a frame label (what Delta's start_frame/end_frame take). */
export function timecodeOf(label: string): string {
  return label.slice(11);
}
