import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the CDK app entry the way `cdk synth` does (context through CDK_CONTEXT_JSON). */
const dir = mkdtempSync(join(tmpdir(), 'infra-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runApp(context: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'main.ts')], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: join(dir, 'out') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe.concurrent('CDK app entry (src/main.ts)', () => {
  it('stops with the config file, channel, field and value when a handler would refuse the value', () => {
    const file = join(dir, 'channels.json');
    writeFileSync(
      file,
      JSON.stringify({ channels: [{ id: 'ok', hlsUrl: 'https://x.test/a.m3u8', labels: 'Cat:200' }] }),
    );
    const { status, stderr } = runApp({ channelsFile: file });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      `ConfigError: ${file} channels[0]: channel "ok" would not start: its parse function refuses "labels" (LABELS="Cat:200"): item 1 ("Cat:200"): minConfidence "200" must be a number from 0 to 100`,
    );
  });

  it('stops with one line, no stack trace, on a stack name CloudFormation refuses', () => {
    const { status, stderr } = runApp({ stackName: 'bad name!' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      'ConfigError: -c stackName: "bad name!" is not a CloudFormation stack name (a letter, then letters, digits and hyphens; at most 128 characters)',
    );
  });

  it('stops on the committed channels.json, explaining which live URL to put', () => {
    const { status, stderr } = runApp({});
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /ConfigError: .*channels\.json channels\[0\]: "hlsUrl" is still the placeholder .*LIVE HLS playlist/,
    );
  });

  it('tells to build the dashboard first when apps/web/dist is missing', () => {
    const { status, stderr } = runApp({
      channelsFile: join(__dirname, '..', 'channels.example.json'),
      webDist: join(dir, 'no-dist'),
    });
    expect(status).toBe(1);
    expect(stderr).toMatch(/MissingArtifactError: the dashboard is not built: .*no-dist.*nx run web:build/);
  });
});
