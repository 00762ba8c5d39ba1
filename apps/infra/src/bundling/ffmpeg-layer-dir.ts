import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MissingArtifactError } from '../errors';
import type { RegistryTarballs } from './registry-tarballs';

/** The npm package holding Lambda's static ffmpeg (linux x86_64), pinned in package-lock.json. */
export const FFMPEG_PACKAGE = '@ffmpeg-installer/linux-x64';

/**
 * Lays out a Lambda layer folder holding the static ffmpeg at `bin/ffmpeg` (mounted as
 * /opt/bin/ffmpeg), from the exact registry tarball of {@link FFMPEG_PACKAGE} pinned in the
 * lockfile — never from the host's node_modules, where npm installs it only on linux-x64.
 * The folder name carries the tarball's integrity, so it is reused until the pin changes.
 */
export function ffmpegLayerDir(tarballs: RegistryTarballs, cacheDir: string): string {
  const entry = tarballs.entry(FFMPEG_PACKAGE);
  const digest = Buffer.from(entry.integrity.replace(/^sha\d+-/, ''), 'base64')
    .toString('hex')
    .slice(0, 16);
  // no dots in the name: CDK would keep the part after one as the staged asset's "extension"
  const dir = join(resolve(cacheDir), `ffmpeg-layer-${entry.version.replace(/\W/g, '_')}-${digest}`);
  if (existsSync(join(dir, 'bin', 'ffmpeg'))) return dir;
  const work = `${dir}.tmp-${randomUUID()}`;
  try {
    tarballs.unpack(entry, join(work, 'package'));
    const binary = join(work, 'package', 'ffmpeg');
    if (!existsSync(binary))
      throw new MissingArtifactError(`${FFMPEG_PACKAGE}@${entry.version} has no ffmpeg file`, binary);
    mkdirSync(join(work, 'layer', 'bin'), { recursive: true });
    copyFileSync(binary, join(work, 'layer', 'bin', 'ffmpeg'));
    chmodSync(join(work, 'layer', 'bin', 'ffmpeg'), 0o755);
    try {
      renameSync(join(work, 'layer'), dir);
    } catch {
      if (!existsSync(join(dir, 'bin', 'ffmpeg')))
        throw new MissingArtifactError(`cannot create the ffmpeg layer folder ${dir}`, dir);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
