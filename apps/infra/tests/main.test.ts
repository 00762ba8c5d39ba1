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
  it('stops with the config file, field and value when the channels file is bad', () => {
    const file = join(dir, 'channels.json');
    writeFileSync(file, JSON.stringify({ channels: [{ id: 'ok', hlsUrl: 'not a url' }] }));
    const { status, stderr } = runApp({ channelsFile: file });
    expect(status).toBe(1);
    expect(stderr).toContain(`ConfigError: ${file} channels[0]: "hlsUrl" must be an http(s) URL (got "not a url")`);
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
