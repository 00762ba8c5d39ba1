// Child process: an s3rver server. Must run with `--openssl-legacy-provider` (s3rver encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through that provider).
// Reports `{"port":N}` on stdout once listening; exits on SIGTERM.
//
// s3rver writes objects in place (truncate, then write) and sizes reads from a separate stat, so
// a reader can see a half-written object. Real S3 PUTs are atomic, so we patch its filesystem
// store: write to a temp file and rename; read through one open file handle sized by fstat.
import { createRequire } from 'node:module';
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const S3Object = require('s3rver/lib/models/object');

const [port = '0', host = '127.0.0.1', dataDir = '.'] = process.argv.slice(2);
const bucketsDir = join(dataDir, 'buckets');
const tmpDir = join(dataDir, 'tmp');
mkdirSync(bucketsDir, { recursive: true });
mkdirSync(tmpDir, { recursive: true });

FilesystemStore.prototype.putObject = async function putObjectAtomically(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(dirname(objectPath), { recursive: true });
  const tmpPath = join(tmpDir, randomBytes(12).toString('hex'));
  const md5 = createHash('md5');
  let size = 0;
  const handle = await open(tmpPath, 'w');
  try {
    if (Buffer.isBuffer(object.content)) {
      await handle.write(object.content);
      md5.update(object.content);
      size = object.content.length;
    } else {
      for await (const chunk of object.content) {
        await handle.write(chunk);
        md5.update(chunk);
        size += chunk.length;
      }
    }
  } catch (err) {
    await handle.close();
    await rm(tmpPath, { force: true });
    throw err;
  }
  await handle.close();
  const digest = md5.digest('hex');
  // Metadata first (content type rarely changes between versions of one key), then the atomic swap.
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  await rename(tmpPath, objectPath);
  return { size, md5: digest };
};

async function writeAtomically(path, data) {
  const tmpPath = join(tmpDir, randomBytes(12).toString('hex'));
  await writeFile(tmpPath, data);
  await rename(tmpPath, path);
}

// Same content as s3rver's own putMetadata, but each file swapped in atomically (a reader parsing
// a half-written metadata.json would otherwise get a 500).
FilesystemStore.prototype.putMetadata = async function putMetadataAtomically(bucket, key, metadata, md5) {
  const json = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (S3Object.ALLOWED_METADATA.includes(k) || k.startsWith('x-amz-meta-')) json[k] = v;
  }
  if (md5) await writeAtomically(this.getResourcePath(bucket, key, 'object.md5'), md5);
  await writeAtomically(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(json, null, 2));
};

FilesystemStore.prototype.getObject = async function getObjectFromOneHandle(bucket, key, options) {
  const objectPath = this.getResourcePath(bucket, key, 'object');
  let handle;
  try {
    handle = await open(objectPath, 'r');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  try {
    const stat = await handle.stat();
    const metadata = {
      ...(await this.getMetadata(bucket, key)),
      'content-length': stat.size,
      'last-modified': stat.mtime.toUTCString(),
    };
    const lastByte = Math.max(0, stat.size - 1);
    const range = {
      start: (options && options.start) || 0,
      end: Math.min((options && options.end) || Infinity, lastByte),
    };
    const ranged = options && (options.start !== undefined || options.end);
    if (range.start < 0 || range.end < range.start || stat.size === 0) {
      await handle.close();
      const object = new S3Object(bucket, key, stat.size === 0 && !ranged ? Buffer.alloc(0) : null, metadata);
      if (ranged) object.range = range;
      return object;
    }
    const content = handle.createReadStream({ start: range.start, end: range.end, autoClose: true });
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  } catch (err) {
    await handle.close().catch(() => undefined);
    if (err.code === 'ENOENT') return null;
    throw err;
  }
};

const server = new S3rver({
  address: host,
  port: Number(port),
  directory: bucketsDir,
  silent: true,
  vhostBuckets: false,
});
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (err) => {
    process.stderr.write(`s3rver: ${err.message}\n`);
    process.exit(1);
  },
);
const shutdown = () => {
  setTimeout(() => process.exit(0), 1500).unref();
  server.close().then(
    () => process.exit(0),
    () => process.exit(0),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);
// The parent holds our stdin open; when it goes away (even killed), so do we — the server runs in
// its own process group (so a terminal's Ctrl-C reaches only the parent, which stops it last).
process.stdin.on('close', shutdown);
process.stdin.resume();
