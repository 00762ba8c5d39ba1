import { InvalidSegmentError } from '../errors';

/** One video access unit (frame) found in an MPEG-TS segment, without decoding. */
export interface TsVideoFrame {
  /** PTS in 90 kHz units (33-bit, unwrapped relative to the first frame). */
  pts: number;
  /** DTS in 90 kHz units (equals pts when absent). */
  dts: number;
  /** True when the access unit holds an IDR (H.264) / IRAP (HEVC) picture. */
  keyframe: boolean;
  /** Byte offset of the TS packet that starts this access unit. */
  byteOffset: number;
}

/** What a cheap scan of a TS segment finds. */
export interface TsScan {
  videoPid: number;
  codec: 'h264' | 'hevc';
  hasAudio: boolean;
  /** Frames in decode order. */
  frames: TsVideoFrame[];
  /** Frames sorted by presentation time. */
  presentation: TsVideoFrame[];
  /** Frame rate estimated from the median PTS step (frames/s). */
  frameRate: number;
  /** Byte offsets of the first PAT and PMT packets (prepended when a part of the file is cut out). */
  patOffset: number;
  pmtOffset: number;
  /** pts − dts of the first keyframe, in 90 kHz units: the stream's reorder (B-frame) delay. */
  reorderDelay: number;
}

const PACKET = 188;
const STREAM_H264 = 0x1b;
const STREAM_HEVC = 0x24;
const AUDIO_TYPES = new Set([0x0f, 0x03, 0x04, 0x11, 0x81, 0x87]);

/**
 * Scan an MPEG-TS segment for video access units (one PES per frame, as every HLS packager
 * writes) — frame count, PTS, and keyframe flags from NAL unit types — without decoding.
 * Throws InvalidSegmentError naming `file` when the bytes are not a TS with H.264/HEVC video.
 */
export function scanTs(bytes: Uint8Array, file: string): TsScan {
  checkPacketStructure(bytes, file);
  const demuxed = demuxVideo(bytes, file);
  const { frames } = demuxed;
  if (frames.some((f) => f.pts < 0))
    throw new InvalidSegmentError(file, 'truncated: the last video PES packet is shorter than its declared length');
  if (demuxed.pmtPid < 0) throw new InvalidSegmentError(file, 'no PAT found (not an MPEG-TS segment, or truncated)');
  if (demuxed.videoPid < 0)
    throw new InvalidSegmentError(file, 'no H.264/HEVC video stream in the PMT (audio-only or unsupported codec)');
  if (frames.length === 0) throw new InvalidSegmentError(file, 'no video frames (empty or truncated segment)');

  unwrapTimestamps(frames);
  const presentation = [...frames].sort((a, b) => a.pts - b.pts);
  const firstKey = frames.find((f) => f.keyframe) ?? frames[0];
  const reorderDelay = firstKey ? firstKey.pts - firstKey.dts : 0;
  const { videoPid, codec, hasAudio, patOffset, pmtOffset } = demuxed;
  return {
    videoPid,
    codec,
    hasAudio,
    frames,
    presentation,
    frameRate: frameRateOf(presentation),
    patOffset,
    pmtOffset,
    reorderDelay,
  };
}

/** Sync byte every 188 bytes and a whole number of packets, else a typed error naming `file`. */
function checkPacketStructure(bytes: Uint8Array, file: string): void {
  if (bytes.length === 0) throw new InvalidSegmentError(file, 'zero-byte file');
  if (bytes[0] !== 0x47 || (bytes.length >= PACKET + 1 && bytes[PACKET] !== 0x47)) {
    throw new InvalidSegmentError(file, 'not an MPEG-TS file (no 0x47 sync byte every 188 bytes)');
  }
  if (bytes.length < PACKET)
    throw new InvalidSegmentError(file, `truncated: ${bytes.length} bytes is less than one TS packet`);
  if (bytes.length % PACKET !== 0) {
    throw new InvalidSegmentError(
      file,
      `truncated: ${bytes.length} bytes is not a whole number of 188-byte TS packets`,
    );
  }
}

/** What the packet walk found (pids −1 when absent; frames in decode order, timestamps still 33-bit). */
interface Demuxed {
  pmtPid: number;
  patOffset: number;
  pmtOffset: number;
  videoPid: number;
  codec: 'h264' | 'hevc';
  hasAudio: boolean;
  frames: TsVideoFrame[];
}

/** Walk the packets: PAT → PMT → the first H.264/HEVC stream, one frame per video PES. */
function demuxVideo(bytes: Uint8Array, file: string): Demuxed {
  const found: Demuxed = {
    pmtPid: -1,
    patOffset: -1,
    pmtOffset: -1,
    videoPid: -1,
    codec: 'h264',
    hasAudio: false,
    frames: [],
  };
  let pes: Uint8Array[] = [];
  let pesOffset = 0;
  const flush = (): void => {
    if (pes.length === 0) return;
    const frame = parsePes(concat(pes), pesOffset, found.codec);
    if (frame) found.frames.push(frame);
    pes = [];
  };

  const whole = bytes.length - (bytes.length % PACKET);
  for (let off = 0; off < whole; off += PACKET) {
    if (bytes[off] !== 0x47) throw new InvalidSegmentError(file, `lost TS sync at byte ${off}`);
    const b1 = bytes[off + 1] ?? 0;
    const pusi = (b1 & 0x40) !== 0;
    const pid = ((b1 & 0x1f) << 8) | (bytes[off + 2] ?? 0);
    const afc = ((bytes[off + 3] ?? 0) >> 4) & 0x3;
    let p = off + 4;
    if (afc === 2 || afc === 3) p += 1 + (bytes[p] ?? 0);
    if (afc === 0 || afc === 2 || p >= off + PACKET) continue;
    const payload = bytes.subarray(p, off + PACKET);
    if (pid === 0 && pusi) {
      found.pmtPid = parsePat(payload);
      if (found.patOffset < 0) found.patOffset = off;
    } else if (pid === found.pmtPid && pusi && found.videoPid < 0) {
      found.pmtOffset = off;
      takeStreams(found, parsePmt(payload));
    } else if (pid === found.videoPid) {
      if (pusi) {
        flush();
        pesOffset = off;
      }
      if (pusi || pes.length > 0) pes.push(payload);
    }
  }
  flush();
  return found;
}

/** The PMT's first H.264/HEVC stream is the video; any known audio type sets `hasAudio`. */
function takeStreams(found: Demuxed, streams: ReadonlyArray<{ type: number; pid: number }>): void {
  for (const s of streams) {
    if (found.videoPid < 0 && (s.type === STREAM_H264 || s.type === STREAM_HEVC)) {
      found.videoPid = s.pid;
      found.codec = s.type === STREAM_HEVC ? 'hevc' : 'h264';
    }
    if (AUDIO_TYPES.has(s.type)) found.hasAudio = true;
  }
}

/** Unwrap 33-bit timestamps relative to the first frame (a segment can straddle the wrap). */
function unwrapTimestamps(frames: TsVideoFrame[]): void {
  const base = frames[0]?.dts ?? 0;
  for (const f of frames) {
    f.pts = unwrap(f.pts, base);
    f.dts = unwrap(f.dts, base);
  }
}

/** Frame rate from the median PTS step of frames in presentation order (0 when unknown). */
function frameRateOf(presentation: readonly TsVideoFrame[]): number {
  const steps: number[] = [];
  for (let i = 1; i < presentation.length; i++)
    steps.push((presentation[i]?.pts ?? 0) - (presentation[i - 1]?.pts ?? 0));
  steps.sort((a, b) => a - b);
  const step = steps.length > 0 ? (steps[Math.floor(steps.length / 2)] ?? 0) : 0;
  return step > 0 ? roundRate(90_000 / step) : 0;
}

function unwrap(ts: number, base: number): number {
  const WRAP = 2 ** 33;
  let d = ts - base;
  if (d < -WRAP / 2) d += WRAP;
  if (d > WRAP / 2) d -= WRAP;
  return base + d;
}

/** Snap to common NTSC/integer rates so 29.97 reads as 30000/1001 exactly. */
function roundRate(rate: number): number {
  for (const r of [24000 / 1001, 30000 / 1001, 60000 / 1001]) if (Math.abs(rate - r) < 0.005) return r;
  const rounded = Math.round(rate);
  return Math.abs(rate - rounded) < 0.01 ? rounded : rate;
}

function parsePat(payload: Uint8Array): number {
  const p = 1 + (payload[0] ?? 0);
  const sectionLength = (((payload[p + 1] ?? 0) & 0x0f) << 8) | (payload[p + 2] ?? 0);
  const end = Math.min(p + 3 + sectionLength - 4, payload.length);
  for (let i = p + 8; i + 4 <= end; i += 4) {
    const program = ((payload[i] ?? 0) << 8) | (payload[i + 1] ?? 0);
    if (program !== 0) return (((payload[i + 2] ?? 0) & 0x1f) << 8) | (payload[i + 3] ?? 0);
  }
  return -1;
}

function parsePmt(payload: Uint8Array): Array<{ type: number; pid: number }> {
  const p = 1 + (payload[0] ?? 0);
  const sectionLength = (((payload[p + 1] ?? 0) & 0x0f) << 8) | (payload[p + 2] ?? 0);
  const end = Math.min(p + 3 + sectionLength - 4, payload.length);
  const programInfoLength = (((payload[p + 10] ?? 0) & 0x0f) << 8) | (payload[p + 11] ?? 0);
  const streams: Array<{ type: number; pid: number }> = [];
  for (let i = p + 12 + programInfoLength; i + 5 <= end;) {
    const type = payload[i] ?? 0;
    const pid = (((payload[i + 1] ?? 0) & 0x1f) << 8) | (payload[i + 2] ?? 0);
    const esInfo = (((payload[i + 3] ?? 0) & 0x0f) << 8) | (payload[i + 4] ?? 0);
    streams.push({ type, pid });
    i += 5 + esInfo;
  }
  return streams;
}

function readTimestamp(b: Uint8Array, i: number): number {
  return (
    ((b[i] ?? 0) & 0x0e) * 2 ** 29 +
    ((b[i + 1] ?? 0) << 22) +
    (((b[i + 2] ?? 0) & 0xfe) << 14) +
    ((b[i + 3] ?? 0) << 7) +
    ((b[i + 4] ?? 0) >> 1)
  );
}

function parsePes(pes: Uint8Array, byteOffset: number, codec: 'h264' | 'hevc'): TsVideoFrame | undefined {
  if (pes.length < 9 || pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return undefined;
  const declared = ((pes[4] ?? 0) << 8) | (pes[5] ?? 0);
  // A bounded PES shorter than it declares was cut off (0 = unbounded, allowed for video).
  if (declared > 0 && pes.length < declared + 6) return { pts: -1, dts: -1, keyframe: false, byteOffset };
  const flags = pes[7] ?? 0;
  const headerLength = pes[8] ?? 0;
  if ((flags & 0x80) === 0) return undefined;
  const pts = readTimestamp(pes, 9);
  const dts = (flags & 0x40) !== 0 ? readTimestamp(pes, 14) : pts;
  return { pts, dts, keyframe: hasKeyNal(pes.subarray(9 + headerLength), codec), byteOffset };
}

function hasKeyNal(es: Uint8Array, codec: 'h264' | 'hevc'): boolean {
  for (let i = 0; i + 3 < es.length; i++) {
    if (es[i] === 0 && es[i + 1] === 0 && es[i + 2] === 1) {
      const header = es[i + 3] ?? 0;
      if (codec === 'h264') {
        const type = header & 0x1f;
        if (type === 5) return true;
        if (type === 1) return false; // first slice is non-IDR
      } else {
        const type = (header >> 1) & 0x3f;
        if (type >= 16 && type <= 21) return true;
        if (type <= 9) return false;
      }
      i += 2;
    }
  }
  return false;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] ?? new Uint8Array();
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
