import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../src/image/read-image-header';
import { fixtureImage } from './helpers/fixtures';

describe('readImageHeader (no decoding, no sharp)', () => {
  it('reads PNG and JPEG sizes as sharp does', async () => {
    for (const name of ['chelsea.png', 'horse.png', 'rocket.jpg', 'hubble_deep_field.jpg']) {
      const bytes = fixtureImage(name);
      const meta = await sharp(bytes).metadata();
      expect(readImageHeader(bytes), name).toEqual({ format: meta.format, width: meta.width, height: meta.height });
    }
  });

  it('reads progressive JPEGs and JPEGs with EXIF/ICC segments before the frame header', async () => {
    const progressive = await sharp(fixtureImage('chelsea.png')).withMetadata().jpeg({ progressive: true }).toBuffer();
    expect(readImageHeader(progressive)).toEqual({ format: 'jpeg', width: 451, height: 300 });
  });

  it('names other formats and reports corrupt headers', async () => {
    expect(readImageHeader(await sharp(fixtureImage('chelsea.png')).webp().toBuffer())).toEqual({ format: 'webp' });
    expect(readImageHeader(await sharp(fixtureImage('chelsea.png')).gif().toBuffer())).toEqual({ format: 'gif' });
    expect(readImageHeader(Buffer.from('hello'))).toEqual({ format: 'unknown' });
    expect(readImageHeader(new Uint8Array(0))).toEqual({ format: 'unknown' });
    expect(readImageHeader(fixtureImage('chelsea.png').subarray(0, 20))).toMatchObject({
      format: 'png',
      corrupt: expect.any(String),
    });
    expect(readImageHeader(fixtureImage('rocket.jpg').subarray(0, 30))).toMatchObject({
      format: 'jpeg',
      corrupt: expect.any(String),
    });
  });
});
