/**
 * Reads format and pixel size from JPEG/PNG headers without decoding (and without sharp), so the
 * Rekognition path can check limits with no native dependency. Returns the detected format for
 * other well-known images so the error can name it.
 */
export type HeaderInfo =
  | { format: 'jpeg' | 'png'; width: number; height: number }
  | { format: 'gif' | 'webp' | 'bmp' | 'tiff' | 'unknown' }
  | { format: 'jpeg' | 'png'; corrupt: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageHeader(bytes: Uint8Array): HeaderInfo {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return readPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  const ascii = String.fromCharCode(...bytes.subarray(0, 12));
  if (ascii.startsWith('GIF8')) return { format: 'gif' };
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return { format: 'webp' };
  if (ascii.startsWith('BM')) return { format: 'bmp' };
  if (ascii.startsWith('II*\u0000') || ascii.startsWith('MM\u0000*')) return { format: 'tiff' };
  return { format: 'unknown' };
}

function readPng(bytes: Uint8Array): HeaderInfo {
  // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4).
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
    return { format: 'png', corrupt: 'no IHDR chunk' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks JPEG marker segments to the first start-of-frame (SOF0..SOF15 except DHT/JPG/DAC). */
function readJpeg(bytes: Uint8Array): HeaderInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return { format: 'jpeg', corrupt: `no marker at byte ${offset}` };
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(offset + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (offset + 9 > bytes.length) break;
      return { format: 'jpeg', height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xd9 || marker === 0xda || length < 2) break; // end of image / scan before a frame header
    offset += 2 + length;
  }
  return { format: 'jpeg', corrupt: 'no frame header (SOF) found' };
}
