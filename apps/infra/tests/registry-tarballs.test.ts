import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { create } from 'tar';
import { RegistryTarballs } from '../src/bundling/registry-tarballs';
import { PinnedPackageError } from '../src/errors';

/**
 * A fake npm registry on 127.0.0.1 (in a worker thread: `npm pack` runs synchronously and would
 * block a server on this thread) serving one package, so fetching, verifying, caching and the
 * configured-registry rule are tested without the real registry.
 */
const root = mkdtempSync(join(tmpdir(), 'infra-registry-'));
const NAME = '@catfinder-test/fake-bin';
let registry: string;
let worker: Worker;
let integrity: string;

const SERVER = `
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const tgz = readFileSync(workerData.tgz);
const server = createServer((req, res) => {
  const base = 'http://127.0.0.1:' + server.address().port;
  if (req.url.endsWith('.tgz')) { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(tgz); return; }
  if (decodeURIComponent(req.url).includes(workerData.name)) {
    const version = { name: workerData.name, version: '1.0.0', dist: { tarball: base + '/fake-bin-1.0.0.tgz', integrity: workerData.integrity } };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name: workerData.name, 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version } }));
    return;
  }
  res.writeHead(404); res.end('{}');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

function lockfile(file: string, pinned: string): string {
  const path = join(root, file);
  writeFileSync(
    path,
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': {},
        [`node_modules/${NAME}`]: { version: '1.0.0', integrity: pinned, os: ['linux'], cpu: ['x64'] },
      },
    }),
  );
  return path;
}

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_registry: registry,
    npm_config_cache: join(root, 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
}

beforeAll(async () => {
  mkdirSync(join(root, 'src', 'package', 'bin'), { recursive: true });
  writeFileSync(join(root, 'src', 'package', 'package.json'), JSON.stringify({ name: NAME, version: '1.0.0' }));
  writeFileSync(join(root, 'src', 'package', 'bin', 'tool'), '#!/bin/sh\necho fake\n', { mode: 0o755 });
  await create({ gzip: true, file: join(root, 'fake.tgz'), cwd: join(root, 'src'), portable: true }, ['package']);
  integrity = `sha512-${createHash('sha512')
    .update(readFileSync(join(root, 'fake.tgz')))
    .digest('base64')}`;
  worker = new Worker(SERVER, { eval: true, workerData: { tgz: join(root, 'fake.tgz'), name: NAME, integrity } });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  registry = `http://127.0.0.1:${port}/`;
});
afterAll(async () => {
  await worker.terminate();
  rmSync(root, { recursive: true, force: true });
});

describe('RegistryTarballs (fake registry configured through npm_config_registry)', () => {
  it('fetches the pinned tarball from the configured registry, verifies it and unpacks it with modes', () => {
    // GIVEN a lockfile pinning the package with the tarball's integrity
    const tarballs = new RegistryTarballs({
      lockfile: lockfile('good.json', integrity),
      cacheDir: join(root, 'cache'),
      env: env(),
    });
    // WHEN it is unpacked
    tarballs.unpack(tarballs.entry(NAME), join(root, 'out'));
    // THEN the package's files are there, executable bit kept, and the tarball is cached
    expect(readFileSync(join(root, 'out', 'bin', 'tool'), 'utf8')).toContain('echo fake');
    expect(statSync(join(root, 'out', 'bin', 'tool')).mode & 0o111).not.toBe(0);
    expect(readFileSync(tarballs.tarball(tarballs.entry(NAME)))).toEqual(readFileSync(join(root, 'fake.tgz')));
  });

  it('serves a cached tarball without asking the registry again', () => {
    // GIVEN the tarball cached by the previous test, and a registry that no longer answers
    const offline = { ...env(), npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true' };
    const tarballs = new RegistryTarballs({
      lockfile: lockfile('good.json', integrity),
      cacheDir: join(root, 'cache'),
      env: offline,
    });
    // WHEN / THEN it still resolves, from the disk cache
    expect(readFileSync(tarballs.tarball(tarballs.entry(NAME))).length).toBeGreaterThan(0);
  });

  it('refuses a tarball whose bytes differ from the lockfile integrity, and keeps nothing', () => {
    // GIVEN a lockfile whose integrity is not the registry's tarball
    const wrong = `sha512-${createHash('sha512').update('something else').digest('base64')}`;
    const tarballs = new RegistryTarballs({
      lockfile: lockfile('wrong.json', wrong),
      cacheDir: join(root, 'cache-wrong'),
      env: env(),
    });
    // WHEN / THEN fetching fails naming the package and the integrity, not retryable
    let error: unknown;
    try {
      tarballs.tarball(tarballs.entry(NAME));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PinnedPackageError);
    expect((error as PinnedPackageError).message).toMatch(
      /@catfinder-test\/fake-bin@1\.0\.0 tarball does not match the integrity/,
    );
    expect((error as PinnedPackageError).retryable).toBe(false);
    expect(readdirSync(join(root, 'cache-wrong')).filter((f) => f.endsWith('.tgz'))).toEqual([]);
  });

  it('reports an unreachable registry as a retryable error naming the package', () => {
    const down = { ...env(), npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' };
    const tarballs = new RegistryTarballs({
      lockfile: lockfile('good.json', integrity),
      cacheDir: join(root, 'cache-down'),
      env: down,
    });
    expect(() => tarballs.tarball(tarballs.entry(NAME))).toThrow(PinnedPackageError);
    try {
      tarballs.tarball(tarballs.entry(NAME));
    } catch (e) {
      expect((e as PinnedPackageError).retryable).toBe(true);
      expect((e as Error).message).toMatch(/npm pack @catfinder-test\/fake-bin@1\.0\.0 failed/);
    }
  });

  it('names a package that the lockfile does not pin', () => {
    const tarballs = new RegistryTarballs({
      lockfile: lockfile('good.json', integrity),
      cacheDir: join(root, 'cache'),
      env: env(),
    });
    expect(() => tarballs.entry('not-pinned')).toThrow(/not-pinned is not pinned in .*good\.json/);
  });
});
