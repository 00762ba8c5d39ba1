/**
 * Archives a claimed segment from its file without holding it in memory: the media part is
 * uploaded as a stream (libs/store's file body, retried with a fresh stream per attempt), and an
 * fMP4 segment that carries its init section in front (as LiveSource delivers it) has only that
 * init section read: it is archived once under its own content-addressed key and the upload starts
 * just after it. MPEG-TS, a bare fMP4 fragment and an init-only file are archived whole.
 */
import { createHash } from 'node:crypto';
import { open, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectFmp4, looksLikeIsoBmff } from '@catfinder/media';
import { initSectionKey, segmentArchiveKey } from '@catfinder/store';
import type { ParseStore } from './ports';
import type { ProcessSegmentInput } from './process-segment';

/** Top-level boxes looked at for a leading `moov` (ftyp, free, … come first) before deciding there is none. */
const MAX_LEADING_BOXES = 16;

export interface ArchivedSegment {
  readonly archiveKey: string;
  readonly initKey?: string;
  /** The init section written next to the segment, for remuxing the previous segment from the archive. */
  readonly initPath?: string;
}

/** Moves (or writes) the segment to `rawPath` and archives it from there; the file stays for the analysis. */
export async function archiveSegment(
  input: Pick<ProcessSegmentInput, 'channel' | 'segment' | 'path' | 'bytes' | 'workDir'>,
  rawPath: string,
  store: Pick<ParseStore, 'putObject'>,
): Promise<ArchivedSegment> {
  const { channel, segment } = input;
  const seq = segment.mediaSequence;
  const archiveKey = segmentArchiveKey(channel, seq, segment.extension, segment.epoch);
  if (input.path === undefined) {
    if (input.bytes === undefined)
      throw new TypeError(`processSegment: segment ${seq} of ${channel} has neither a path nor bytes`);
    await writeFile(rawPath, input.bytes);
  } else if (input.path !== rawPath) {
    await rename(input.path, rawPath);
  }
  const init = await readLeadingInit(rawPath, `segment ${seq} of ${channel} (${segment.uri})`);
  let initKey: string | undefined;
  let initPath: string | undefined;
  if (init) {
    // Content-addressed: the same init section is stored once, whatever URI served it.
    const id = createHash('sha256').update(init).digest('hex').slice(0, 16);
    initKey = initSectionKey(channel, id, 'mp4');
    initPath = join(input.workDir, `init-${id}.mp4`);
    await writeFile(initPath, init);
    const archived = archivedInits(store);
    if (!archived.has(initKey)) {
      // Before the segment, so an archived segment never names a missing init section.
      await store.putObject(initKey, init, 'video/mp4');
      archived.add(initKey);
    }
  }
  const contentType = init || segment.extension !== 'ts' ? 'video/iso.segment' : 'video/mp2t';
  await store.putObject(archiveKey, { path: rawPath, start: init?.byteLength ?? 0 }, contentType);
  return { archiveKey, ...(initKey ? { initKey } : {}), ...(initPath ? { initPath } : {}) };
}

/** Init section keys already put, per store (a new store — e.g. another bucket — starts empty). */
const archivedInitsByStore = new WeakMap<object, Set<string>>();
function archivedInits(store: object): Set<string> {
  let set = archivedInitsByStore.get(store);
  if (!set) archivedInitsByStore.set(store, (set = new Set()));
  return set;
}

/**
 * The init section an fMP4 segment carries in front: its bytes up to the end of the leading
 * `moov`, read by walking the top-level box headers (the media part is never read). Undefined for
 * MPEG-TS, a fragment without a `moov`, an init-only file, or box headers that do not add up —
 * those are archived whole, and the analysis (libs/media) names what is wrong with them.
 * A `moov` found is checked with libs/media's inspectFmp4 (InvalidSegmentError naming `what`).
 */
export async function readLeadingInit(path: string, what: string): Promise<Uint8Array | undefined> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    for (let i = 0; i < MAX_LEADING_BOXES && offset + 8 <= size; i++) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (i === 0 && !looksLikeIsoBmff(header.subarray(0, bytesRead))) return undefined;
      const type = header.toString('latin1', 4, 8);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) boxSize = bytesRead < 16 ? 0 : Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset; // "extends to the end of the file"
      if (boxSize < 8 || offset + boxSize > size) return undefined;
      if (type === 'moof' || type === 'mdat') return undefined;
      if (type === 'moov') {
        const end = offset + boxSize;
        if (end >= size) return undefined;
        const init = Buffer.alloc(end);
        await file.read(init, 0, end, 0);
        inspectFmp4(init, what);
        return init;
      }
      offset += boxSize;
    }
    return undefined;
  } finally {
    await file.close();
  }
}
