import { InvalidSegmentError } from '../errors';

/** One ISO BMFF box: type, where it starts and how long it is (header included). */
export interface Box {
  type: string;
  offset: number;
  size: number;
  /** Where the payload starts (after the 8- or 16-byte header). */
  body: number;
}

/** What a cheap (no decode) look at an fMP4 segment or init section finds. */
export interface Fmp4Layout {
  /** Top-level boxes in file order. */
  boxes: Box[];
  /** True when the bytes hold a `moov` (an init section). */
  hasInit: boolean;
  /**
   * Byte offset just after the `moov` (where a segment that carries its init section in front
   * splits into init section and media part; fragments may begin with `styp`/`sidx`), 0 without one.
   */
  initEnd: number;
  /** Byte offset of the first `moof`, or the file length when there is none. */
  firstMoof: number;
  /** `moof` + `mdat` pairs. */
  fragments: number;
  /** Video tracks found in the `moov` (empty when there is no init). */
  videoTracks: Array<{ trackId: number; codec: string }>;
  /** Samples of each track across all `moof`s (`trun` sample counts), keyed by track id. */
  samplesByTrack: Map<number, number>;
}

/** Top-level box types an ISO BMFF (fMP4 / CMAF) segment or init section may start with. */
const LEADING_TYPES = new Set(['ftyp', 'styp', 'moov', 'moof', 'sidx', 'emsg', 'prft', 'free', 'skip']);

/** True when `bytes` start like an ISO BMFF file (a known box type with a plausible size). */
export function looksLikeIsoBmff(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const size = readU32(bytes, 0);
  return LEADING_TYPES.has(fourcc(bytes, 4)) && (size === 1 || size >= 8);
}

/**
 * List the boxes in `bytes[from, to)`. A box whose declared size runs past `to` means the file
 * was cut short; that is reported with the box type and offset.
 */
export function readBoxes(bytes: Uint8Array, file: string, from = 0, to = bytes.length): Box[] {
  const boxes: Box[] = [];
  let p = from;
  while (p < to) {
    if (to - p < 8)
      throw new InvalidSegmentError(file, `truncated: ${to - p} stray bytes at byte ${p} (less than a box header)`);
    let size = readU32(bytes, p);
    const type = fourcc(bytes, p + 4);
    let body = p + 8;
    if (size === 1) {
      if (to - p < 16)
        throw new InvalidSegmentError(file, `truncated: box ${type} at byte ${p} has no room for its 64-bit size`);
      size = readU32(bytes, p + 8) * 2 ** 32 + readU32(bytes, p + 12);
      body = p + 16;
    } else if (size === 0) {
      size = to - p; // "extends to the end of the file"
    }
    if (size < body - p)
      throw new InvalidSegmentError(file, `corrupt: box ${JSON.stringify(type)} at byte ${p} declares ${size} bytes`);
    if (p + size > to) {
      throw new InvalidSegmentError(
        file,
        `truncated: box ${type} at byte ${p} declares ${size} bytes but only ${to - p} remain`,
      );
    }
    boxes.push({ type, offset: p, size, body });
    p += size;
  }
  return boxes;
}

/**
 * Check the layout of an fMP4 segment (optionally with its init section in front) without
 * decoding: every box whole, each `moof` followed by its `mdat`, and — when a `moov` is present —
 * at least one video track. Throws InvalidSegmentError naming `file` and the problem.
 */
export function inspectFmp4(bytes: Uint8Array, file: string): Fmp4Layout {
  if (bytes.length === 0) throw new InvalidSegmentError(file, 'zero-byte file');
  if (!looksLikeIsoBmff(bytes)) throw new InvalidSegmentError(file, 'not an fMP4 (ISO BMFF) file');
  const boxes = readBoxes(bytes, file);
  const moov = boxes.find((b) => b.type === 'moov');
  const videoTracks = moov ? readVideoTracks(bytes, moov, file) : [];
  const samplesByTrack = new Map<number, number>();
  let fragments = 0;
  boxes.forEach((box, i) => {
    if (box.type !== 'moof') return;
    const next = boxes[i + 1];
    if (next?.type !== 'mdat')
      throw new InvalidSegmentError(
        file,
        `moof at byte ${box.offset} is not followed by its mdat (${next ? next.type : 'end of file'})`,
      );
    fragments += 1;
    for (const traf of children(bytes, box, file).filter((b) => b.type === 'traf')) {
      const parts = children(bytes, traf, file);
      const tfhd = parts.find((b) => b.type === 'tfhd');
      if (!tfhd) throw new InvalidSegmentError(file, `traf at byte ${traf.offset} has no tfhd`);
      const trackId = readU32(bytes, tfhd.body + 4);
      const samples = parts.filter((b) => b.type === 'trun').reduce((n, trun) => n + readU32(bytes, trun.body + 4), 0);
      samplesByTrack.set(trackId, (samplesByTrack.get(trackId) ?? 0) + samples);
    }
  });
  const firstMoof = boxes.find((b) => b.type === 'moof')?.offset ?? bytes.length;
  const initEnd = moov ? moov.offset + moov.size : 0;
  return { boxes, hasInit: moov !== undefined, initEnd, firstMoof, fragments, videoTracks, samplesByTrack };
}

/** Video tracks (`hdlr` = `vide`) of a `moov`, with their sample entry codec (`avc1`, `hvc1`, …). */
function readVideoTracks(bytes: Uint8Array, moov: Box, file: string): Array<{ trackId: number; codec: string }> {
  const tracks: Array<{ trackId: number; codec: string }> = [];
  for (const trak of children(bytes, moov, file).filter((b) => b.type === 'trak')) {
    const inTrak = children(bytes, trak, file);
    const tkhd = inTrak.find((b) => b.type === 'tkhd');
    const mdia = inTrak.find((b) => b.type === 'mdia');
    if (!tkhd || !mdia) continue;
    const inMdia = children(bytes, mdia, file);
    const hdlr = inMdia.find((b) => b.type === 'hdlr');
    if (!hdlr || fourcc(bytes, hdlr.body + 8) !== 'vide') continue;
    const version = bytes[tkhd.body] ?? 0;
    const trackId = readU32(bytes, tkhd.body + (version === 1 ? 20 : 12));
    const minf = inMdia.find((b) => b.type === 'minf');
    const stbl = minf && children(bytes, minf, file).find((b) => b.type === 'stbl');
    const stsd = stbl && children(bytes, stbl, file).find((b) => b.type === 'stsd');
    // stsd: version/flags (4), entry count (4), then the first sample entry box.
    const codec = stsd && stsd.size >= 24 ? fourcc(bytes, stsd.body + 12) : 'unknown';
    tracks.push({ trackId, codec });
  }
  return tracks;
}

function children(bytes: Uint8Array, box: Box, file: string): Box[] {
  return readBoxes(bytes, file, box.body, box.offset + box.size);
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}
