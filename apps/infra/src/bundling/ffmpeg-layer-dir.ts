import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MissingArtifactError } from '../errors';

/**
 * Lays out a Lambda layer folder holding the static ffmpeg at `bin/ffmpeg` (mounted as
 * /opt/bin/ffmpeg). Reused while the source binary's size and mtime are unchanged — hashing
 * 70 MB on every synth would be wasted time; CDK hashes the folder for the asset anyway.
 */
export function ffmpegLayerDir(binary: string, cacheDir: string): string {
  const source = resolve(binary);
  if (!existsSync(source)) {
    throw new MissingArtifactError(
      `ffmpeg binary not found at ${source}; run npm install (it comes from @ffmpeg-installer/linux-x64)`,
      source,
    );
  }
  const st = statSync(source);
  const dir = join(resolve(cacheDir), `ffmpeg-layer-${st.size}-${Math.trunc(st.mtimeMs)}`);
  if (existsSync(join(dir, 'bin', 'ffmpeg'))) return dir;
  const work = `${dir}.tmp-${randomUUID()}`;
  mkdirSync(join(work, 'bin'), { recursive: true });
  copyFileSync(source, join(work, 'bin', 'ffmpeg'));
  chmodSync(join(work, 'bin', 'ffmpeg'), 0o755);
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another process made it first
  }
  return dir;
}
