import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startStandIns, STAND_IN_CREDENTIALS, type StandIns } from '../src/testing/index';
import { createDynamoClient, createS3Client, ensureBucket, ensureTables } from '../src/index';

describe('local stand-ins', () => {
  let s: StandIns;
  beforeAll(async () => {
    s = await startStandIns();
  });
  afterAll(async () => {
    await s?.stop({ removeData: true });
  });

  it('exposes endpoints and the full environment on 127.0.0.1', () => {
    expect(s.env.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.env.AWS_ENDPOINT_URL_S3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.env.S3_BUCKET).toBe('catfinder');
    expect(s.env.FRAMES_TABLE).toBe('catfinder-frames');
    expect(s.siteUrl).toBe(`${s.s3.endpoint}/catfinder/`);
  });

  it('creates every table, idempotently', async () => {
    const ddb = createDynamoClient({ endpoint: s.dynamodb.endpoint, credentials: STAND_IN_CREDENTIALS });
    await ensureTables(ddb, s.tables);
    const out = await ddb.send(new ListTablesCommand({}));
    expect(out.TableNames?.sort()).toEqual(Object.values(s.tables).sort());
    ddb.destroy();
  });

  it('pages truncated ListObjectsV2 (needs the OpenSSL legacy provider in s3rver)', async () => {
    const s3 = createS3Client({ endpoint: s.s3.endpoint, credentials: STAND_IN_CREDENTIALS });
    await ensureBucket(s3, s.bucket, { website: true });
    for (let i = 0; i < 5; i += 1)
      await s3.send(
        new PutObjectCommand({ Bucket: s.bucket, Key: `list/${i}.txt`, Body: 'x', ContentType: 'text/plain' }),
      );
    const first = await s3.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: 'list/', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: s.bucket,
        Prefix: 'list/',
        MaxKeys: 10,
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((c) => c.Key)).toEqual(['list/2.txt', 'list/3.txt', 'list/4.txt']);
    s3.destroy();
  });

  it('serves the site over plain HTTP GET: index.html at the root, Range requests for media', async () => {
    const s3 = createS3Client({ endpoint: s.s3.endpoint, credentials: STAND_IN_CREDENTIALS });
    await s3.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: 'index.html',
        Body: '<!doctype html><title>cf</title>',
        ContentType: 'text/html; charset=utf-8',
      }),
    );
    const bytes = Buffer.alloc(1000, 7);
    bytes.write('ftyp', 4);
    await s3.send(
      new PutObjectCommand({ Bucket: s.bucket, Key: 'clips/demo/a.mp4', Body: bytes, ContentType: 'video/mp4' }),
    );
    s3.destroy();

    const index = await fetch(s.siteUrl);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>cf</title>');

    const ranged = await fetch(new URL('clips/demo/a.mp4', s.siteUrl), { headers: { Range: 'bytes=4-7' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-type')).toBe('video/mp4');
    expect(ranged.headers.get('content-range')).toBe('bytes 4-7/1000');
    expect(await ranged.text()).toBe('ftyp');
  });
});
