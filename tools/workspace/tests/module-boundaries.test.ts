import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

/** Lints source text as if it were a file at `filePath` inside the workspace. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('fails lint when a lib imports an app', async () => {
    const messages = await lintAs(
      'libs/vision/src/boundary-probe.ts',
      "import * as prekog from '@catfinder/prekog-lambda';\nexport const probe = prekog;\n",
    );
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  });

  it('lets an app import a lib', async () => {
    const messages = await lintAs(
      'apps/prekog-lambda/src/boundary-probe.ts',
      "import * as store from '@catfinder/store';\nexport const probe = store;\n",
    );
    expect(messages).toEqual([]);
  });

  it('has no lib-to-app edge in the project graph', () => {
    // The workspace's own Nx CLI, started by node directly (npx would add a process start).
    const nxCli = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
    const out = execFileSync(process.execPath, [nxCli, 'graph', '--file=stdout'], { cwd: root, env, encoding: 'utf8' });
    const graph = JSON.parse(out.slice(out.indexOf('{'))) as {
      graph: {
        nodes: Record<string, { data: { tags?: string[] } }>;
        dependencies: Record<string, { target: string }[]>;
      };
    };
    const tagOf = (name: string) => graph.graph.nodes[name]?.data.tags ?? [];
    const libToApp = Object.entries(graph.graph.dependencies).flatMap(([source, deps]) =>
      tagOf(source).includes('scope:lib')
        ? deps.filter((d) => tagOf(d.target).includes('scope:app')).map((d) => `${source} -> ${d.target}`)
        : [],
    );
    expect(Object.keys(graph.graph.nodes)).toEqual(
      expect.arrayContaining([
        'hls',
        'media',
        'vision',
        'store',
        'delta',
        'parse-lambda',
        'prekog-lambda',
        'infra',
        'web',
      ]),
    );
    expect(libToApp).toEqual([]);
  });
});
