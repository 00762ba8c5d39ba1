/**
 * The offline "named faces" gallery: a folder with one sub-folder per person, named after the
 * person, holding photos of them (`faces/<Name>/*.jpg|jpeg|png`) and optionally `urls.txt` (one
 * URL per line, reported as the face's `Urls`). Each photo must show the person's face; when it
 * shows several, the largest face is taken. Descriptors are computed once, when loaded.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { VisionError } from '../errors';
import { GalleryError } from './errors';
import type { FaceModels } from './face-models';

/** Same rule as a watched label (libs/store validateLabel), so a gallery name can be a trigger. */
export const PERSON_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N} _'&()-]{0,98}[\p{L}\p{N})])?$/u;
const PHOTO = /\.(jpe?g|png)$/i;

export interface GalleryPerson {
  name: string;
  urls: string[];
  /** One descriptor per photo. */
  descriptors: Float32Array[];
  photos: string[];
}

export async function loadGallery(dir: string, models: FaceModels): Promise<GalleryPerson[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw new GalleryError(dir, `cannot read the folder (${(error as Error).message})`, { cause: error });
  });
  const people: GalleryPerson[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const folder = path.join(dir, entry.name);
    if (!PERSON_NAME.test(entry.name)) {
      throw new GalleryError(
        folder,
        "folder name must be a person's name: 1-100 letters, digits, spaces or _ ' & ( ) -, starting with a letter or digit",
      );
    }
    const files = (await readdir(folder)).filter((f) => PHOTO.test(f)).sort();
    if (files.length === 0) throw new GalleryError(folder, 'holds no .jpg, .jpeg or .png photo');
    const descriptors: Float32Array[] = [];
    for (const file of files) descriptors.push(await describePhoto(path.join(folder, file), models));
    people.push({
      name: entry.name,
      urls: await readUrls(folder),
      descriptors,
      photos: files.map((f) => path.join(folder, f)),
    });
  }
  if (people.length === 0) throw new GalleryError(dir, 'has no person folders (expected <Name>/<photo>.jpg)');
  return people;
}

async function describePhoto(file: string, models: FaceModels): Promise<Float32Array> {
  let faces;
  try {
    faces = await models.embedFaces(await readFile(file), file);
  } catch (error) {
    if (error instanceof VisionError || (error as NodeJS.ErrnoException).code) {
      throw new GalleryError(file, `cannot use the photo (${(error as Error).message})`, { cause: error });
    }
    throw error;
  }
  if (faces.length === 0) throw new GalleryError(file, 'no face found in the photo');
  const area = (f: (typeof faces)[number]) => f.box.Width * f.box.Height;
  return faces.reduce((a, b) => (area(b) > area(a) ? b : a)).descriptor;
}

async function readUrls(folder: string): Promise<string[]> {
  const text = await readFile(path.join(folder, 'urls.txt'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new GalleryError(path.join(folder, 'urls.txt'), `cannot read (${error.message})`, { cause: error });
  });
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
