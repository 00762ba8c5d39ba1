/**
 * The output folder: checked and created before a scan starts, with one message naming it and
 * what is wrong; and the default folder kept out of the repository's git status.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelFor,
  checkOutDir,
  defaultOutDir,
  openFileSource,
  OutDirError,
  prepareOutDir,
  readScanSettings,
  runScan,
  scan,
  ScanInputError,
  ScanUsageError,
} from '../src';
import { notMedia, shortProgramme } from './helpers/inputs';

let root: string;
let file: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scan-out-dir-'));
  file = join(root, 'short.mp4');
  await writeFile(file, 'not a folder');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function outDirError(path: string, flag?: string): Promise<OutDirError> {
  const error: unknown = await prepareOutDir(path, flag).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutDirError);
  // A bad option (exit status 2), like every other one.
  expect(error).toBeInstanceOf(ScanUsageError);
  return error as OutDirError;
}

describe('prepareOutDir', () => {
  it('refuses an existing file, naming the --out path', async () => {
    const error = await outDirError(file);
    expect(error).toMatchObject({ outDir: file, problem: 'not-a-folder' });
    expect(error.message).toBe(`scan: --out ${file}: is a file, not a folder`);
  });

  it('refuses a path under a file, naming the file', async () => {
    for (const path of [join(file, 'sub'), join(file, 'sub', 'deeper')]) {
      const error = await outDirError(path);
      expect(error).toMatchObject({ outDir: path, problem: 'parent-not-a-folder' });
      expect(error.message).toBe(`scan: --out ${path}: ${file} is a file, not a folder`);
    }
  });

  it('names the default folder as the output folder', async () => {
    expect((await outDirError(file, 'output folder')).message).toBe(
      `scan: output folder ${file}: is a file, not a folder`,
    );
  });

  it('creates the missing levels, and accepts an existing folder', async () => {
    const path = join(root, 'a', 'b', 'c');
    expect(await prepareOutDir(path)).toBe(path);
    expect((await stat(path)).isDirectory()).toBe(true);
    expect(await prepareOutDir(path)).toBe(path);
    await mkdir(join(root, 'exists'));
    expect(await prepareOutDir(join(root, 'exists'))).toBe(join(root, 'exists'));
  });

  // Linux only: these use sysfs and procfs. The project runs on Linux (CI, Lambda), so the cases
  // run wherever it ships; elsewhere the paths mean nothing.
  it.skipIf(process.platform !== 'linux')(
    'says which level cannot be created where the file system refuses (also as root)',
    async () => {
      // sysfs refuses new folders (EPERM, or EROFS where mounted read-only) even to root.
      const sys = await outDirError('/sys/catfinder-scan-out');
      expect(sys).toMatchObject({ problem: 'not-writable' });
      expect(sys.message).toMatch(
        /^scan: --out \/sys\/catfinder-scan-out: cannot be created: \/sys is not writable \(E(PERM|ROFS)\)$/,
      );
      // Node's recursive mkdir never returns here; one level at a time fails with ENOENT.
      const proc = await outDirError('/proc/catfinder-scan-out/x');
      expect(proc).toMatchObject({ problem: 'cannot-create' });
      expect(proc.message).toBe('scan: --out /proc/catfinder-scan-out/x: cannot be created in /proc (ENOENT)');
    },
  );
});

describe('checkOutDir (the command line, before the pipeline loads)', () => {
  it('finds the same problems and creates nothing', async () => {
    await expect(checkOutDir(file)).rejects.toMatchObject({ problem: 'not-a-folder' });
    await expect(checkOutDir(join(file, 'sub'))).rejects.toMatchObject({ problem: 'parent-not-a-folder' });
    await checkOutDir(join(root, 'later', 'out'));
    await expect(stat(join(root, 'later'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a scan of a bad input', () => {
  it('leaves no output folder behind, the default one nor an --out', async () => {
    const input = await notMedia();
    for (const request of [{ outDir: join(root, 'never') }, { cwd: root }]) {
      await expect(scan({ input, ...request })).rejects.toBeInstanceOf(ScanInputError);
    }
    await expect(stat(join(root, 'never'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(root, defaultOutDir(input)))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a scan of a good input into a bad folder', () => {
  const expectOutDirError = async (promise: Promise<unknown>, message: string): Promise<void> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutDirError);
    expect((error as OutDirError).message).toBe(message);
  };

  it('names the folder as the user gave it: --out, or the default output folder', async () => {
    const input = await shortProgramme();
    await expectOutDirError(scan({ input, outDir: file }), `scan: --out ${file}: is a file, not a folder`);
    const home = join(root, 'home');
    await mkdir(home);
    const taken = join(home, defaultOutDir(input));
    await writeFile(taken, 'not a folder');
    await expectOutDirError(scan({ input, cwd: home }), `scan: output folder ${taken}: is a file, not a folder`);
  });

  it('runScan names the folder as its caller says (the one place the folder is checked and created)', async () => {
    const input = await shortProgramme();
    const source = await openFileSource(input, { workDir: join(root, 'parts') });
    const settings = readScanSettings({ channel: channelFor(input), labels: [], detector: 'local' });
    await expectOutDirError(
      runScan({ source, settings, outDir: file, outDirName: '--out' }),
      `scan: --out ${file}: is a file, not a folder`,
    );
    await expectOutDirError(
      runScan({ source, settings, outDir: file }),
      `scan: output folder ${file}: is a file, not a folder`,
    );
  });
});

describe('the default output folder', () => {
  const repo = fileURLToPath(new URL('../../..', import.meta.url));
  const ignored = (path: string): Promise<boolean> =>
    promisify(execFile)('git', ['check-ignore', '--no-index', '--quiet', path], { cwd: repo }).then(
      () => true,
      (error: { code?: number }) => {
        if (error.code === 1) return false;
        throw error;
      },
    );

  it('is ignored by git wherever in the repository the scan is run, and nothing else of tools/scan is', async () => {
    const name = defaultOutDir('short.mp4');
    expect(name).toBe('scan-short');
    expect(await ignored(`${name}/feeds/clips.json`)).toBe(true);
    expect(await ignored(`tools/scan/${defaultOutDir('http://127.0.0.1/show/index.m3u8')}/scan.json`)).toBe(true);
    expect(await ignored('tools/scan/src/scan-run.ts')).toBe(false);
    expect(await ignored('libs/media/src/ts/scan-ts.ts')).toBe(false);
  });
});
