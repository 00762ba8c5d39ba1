import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  createFaceModels,
  createNamedFaceRecognizer,
  GalleryError,
  NAMED_FACE_MIN_SIMILARITY,
  type NamedFaceRecognizer,
} from '../src/index';
import { decodeRgb } from '../src/faces/decode-rgb';
import { fixtureImage } from './helpers/fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const facesDir = path.join(here, 'fixtures', 'faces');
const galleryDir = path.join(facesDir, 'gallery');
const grace = path.join(facesDir, 'images', 'grace_hopper.jpg');

/** A sample as the demo channel makes it: the picture letter-boxed into 640x360, zoomed about the centre, JPEG. */
async function channelFrame(pictures: (string | Buffer)[], zoom = 1.15): Promise<Buffer> {
  const side = Math.round(360 * zoom);
  const width = Math.max(640, side * pictures.length);
  const height = Math.max(360, side);
  const tiles = await Promise.all(
    pictures.map((p) => sharp(p).resize(side, side, { fit: 'contain', background: '#000' }).toBuffer()),
  );
  const left0 = Math.round((width - side * pictures.length) / 2);
  const canvas = await sharp({ create: { width, height, channels: 3, background: '#000' } })
    .composite(tiles.map((input, i) => ({ input, left: left0 + i * side, top: Math.round((height - side) / 2) })))
    .png()
    .toBuffer();
  const crop = { left: Math.round((width - 640) / 2), top: Math.round((height - 360) / 2), width: 640, height: 360 };
  return sharp(canvas).extract(crop).resize(640, 360).jpeg({ quality: 75 }).toBuffer();
}

describe('named faces (offline gallery, BlazeFace + FaceRes from @vladmandic/human)', () => {
  let recognizer: NamedFaceRecognizer;
  let scratch: string;

  beforeAll(async () => {
    recognizer = createNamedFaceRecognizer({ galleryDir });
    await recognizer.warmUp();
    scratch = await mkdtemp(path.join(tmpdir(), 'faces-test-'));
  }, 60_000);

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('finds Eileen Collins in a channel frame, in the CelebrityFaces shape, her face boxed', async () => {
    for (const zoom of [1, 1.3]) {
      const result = await recognizer.recognizeFaces(await channelFrame([fixtureImage('astronaut.png')], zoom));
      expect(result.UnrecognizedFaces).toEqual([]);
      expect(result.CelebrityFaces).toHaveLength(1);
      const [face] = result.CelebrityFaces;
      expect(face).toMatchObject({
        Name: 'Eileen Collins',
        Id: 'named:Eileen Collins',
        Urls: ['www.wikidata.org/wiki/Q233816'],
      });
      expect(face!.MatchConfidence).toBeGreaterThanOrEqual(90);
      expect(face!.Face.Confidence).toBeGreaterThan(50);
      // Her face is in the upper middle of the frame (the picture is centred in the 640-wide frame).
      const centreX = face!.Face.BoundingBox.Left + face!.Face.BoundingBox.Width / 2;
      expect(centreX).toBeGreaterThan(0.4);
      expect(centreX).toBeLessThan(0.6);
      expect(face!.Face.BoundingBox.Top).toBeLessThan(0.3);
    }
  });

  it('does not name an unknown face (Grace Hopper): found, but unrecognised', async () => {
    const result = await recognizer.recognizeFaces(await channelFrame([grace]));
    expect(result.CelebrityFaces).toEqual([]);
    expect(result.UnrecognizedFaces).toHaveLength(1);
  });

  it('tells two people in one frame apart: Eileen on the left named, Grace on the right not', async () => {
    const result = await recognizer.recognizeFaces(await channelFrame([fixtureImage('astronaut.png'), grace], 0.85));
    expect(result.CelebrityFaces.map((f) => f.Name)).toEqual(['Eileen Collins']);
    expect(result.CelebrityFaces[0]!.Face.BoundingBox.Left).toBeLessThan(0.5);
    expect(result.UnrecognizedFaces).toHaveLength(1);
    expect(result.UnrecognizedFaces[0]!.BoundingBox.Left).toBeGreaterThan(0.5);
  });

  it('returns nothing for a picture without a face', async () => {
    expect(await recognizer.recognizeFaces(fixtureImage('rocket.jpg'))).toEqual({
      CelebrityFaces: [],
      UnrecognizedFaces: [],
    });
  });

  it('keeps the measured margin around the threshold (README, "Faces")', async () => {
    const models = createFaceModels();
    const [gallery] = await models.embedFaces(
      fixtureImage('../faces/gallery/Eileen Collins/eileen-collins-crop.jpg'),
      'gallery',
    );
    const similarity = async (bytes: Buffer) =>
      cosineSimilarity(gallery!.descriptor, (await models.embedFaces(bytes, 'probe'))[0]!.descriptor);
    const same = await similarity(await channelFrame([await sharp(fixtureImage('astronaut.png')).flop().toBuffer()]));
    const other = await similarity(await channelFrame([grace]));
    expect(same).toBeGreaterThan(0.9);
    expect(other).toBeLessThan(0.45);
    expect(NAMED_FACE_MIN_SIMILARITY).toBeGreaterThan(other + 0.1);
    expect(NAMED_FACE_MIN_SIMILARITY).toBeLessThan(same - 0.1);
  });

  it('reads a large photo at most 1280 px on its longer side, and still finds the face in it', async () => {
    const big = await sharp(fixtureImage('astronaut.png')).resize(3000, 2000, { fit: 'fill' }).jpeg().toBuffer();
    const decoded = await decodeRgb(big, 'big');
    expect([decoded.width, decoded.height, decoded.pixels.length]).toEqual([1280, 853, 1280 * 853 * 3]);
    const dir = path.join(scratch, 'big');
    await mkdir(path.join(dir, 'Eileen Collins'), { recursive: true });
    await writeFile(
      path.join(dir, 'Eileen Collins', 'big.jpg'),
      await sharp(fixtureImage('astronaut.png')).resize(3000, 3000).jpeg().toBuffer(),
    );
    const result = await createNamedFaceRecognizer({ galleryDir: dir }).recognizeFaces(
      await channelFrame([fixtureImage('astronaut.png')]),
    );
    expect(result.CelebrityFaces.map((f) => f.Name)).toEqual(['Eileen Collins']);
  });

  it('rejects a gallery photo without a face, naming the file', async () => {
    const dir = path.join(scratch, 'no-face');
    await mkdir(path.join(dir, 'Someone'), { recursive: true });
    await writeFile(path.join(dir, 'Someone', 'rocket.jpg'), fixtureImage('rocket.jpg'));
    const error = await createNamedFaceRecognizer({ galleryDir: dir })
      .warmUp()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GalleryError);
    expect((error as GalleryError).path).toBe(path.join(dir, 'Someone', 'rocket.jpg'));
    expect((error as GalleryError).message).toMatch(/no face found/);
    expect((error as GalleryError).retryable).toBe(false);
  });

  it('rejects a folder name that cannot be a trigger name, and an empty or missing gallery', async () => {
    const dir = path.join(scratch, 'bad-name');
    await cp(galleryDir, dir, { recursive: true });
    await mkdir(path.join(dir, 'Dr. Who'), { recursive: true });
    await expect(createNamedFaceRecognizer({ galleryDir: dir }).warmUp()).rejects.toThrow(
      /Dr\. Who: folder name must be a person's name/,
    );
    const empty = path.join(scratch, 'empty');
    await mkdir(empty);
    await expect(createNamedFaceRecognizer({ galleryDir: empty }).warmUp()).rejects.toThrow(/has no person folders/);
    await expect(createNamedFaceRecognizer({ galleryDir: path.join(scratch, 'missing') }).warmUp()).rejects.toThrow(
      GalleryError,
    );
    await expect(
      createNamedFaceRecognizer({ galleryDir: empty }).recognizeFaces(fixtureImage('rocket.jpg')),
    ).rejects.toThrow(GalleryError);
  });
});
