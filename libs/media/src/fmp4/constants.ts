/** Timeout of one fMP4 → MPEG-TS remux (a stream copy: well under a second per segment). */
export const DEFAULT_NORMALISE_TIMEOUT_MS = 30_000;
/** Prefix of the temp directory a normalisation creates when no `outputDir` is given. */
export const NORMALISE_TEMP_PREFIX = 'catfinder-fmp4-';
/** Annex B bitstream filter per fMP4 video sample entry: TS carries start codes, MP4 length prefixes. */
export const ANNEXB_FILTERS: Readonly<Record<string, string>> = {
  avc1: 'h264_mp4toannexb',
  avc3: 'h264_mp4toannexb',
  hvc1: 'hevc_mp4toannexb',
  hev1: 'hevc_mp4toannexb',
};
