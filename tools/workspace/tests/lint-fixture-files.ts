// The one fixture workspace every lint-workspace test uses (unused variables, warnings, formatting,
// function length). Every file not meant to fail Prettier is already formatted, so each project's
// errors are only the ones its test plants.
import { PRETTIER_CONFIG } from '../src/format-check';
import { eslintConfig, type FixtureFiles } from './fixture-workspace';

/** A function of exactly `lines` lines (declaration line and closing brace included). */
export const fn = (name: string, lines: number): string =>
  `export function ${name}(): number {\n${'  void 0;\n'.repeat(lines - 3)}  return 1;\n}\n`;

/** A project whose own files are already formatted (Prettier's output for this config). */
const formattedProject = (dir: string, name: string, sources: Record<string, string>): FixtureFiles => {
  const files: FixtureFiles = {
    [`${dir}/project.json`]: `{ "name": "${name}", "tags": [] }\n`,
    [`${dir}/tsconfig.json`]: `{ "extends": "../../tsconfig.base.json", "include": ["src"] }\n`,
  };
  for (const [file, code] of Object.entries(sources)) files[`${dir}/src/${file}`] = code;
  return files;
};

export const lintFixtureFiles: FixtureFiles = {
  [PRETTIER_CONFIG]: '{ "singleQuote": true, "printWidth": 120 }\n',
  '.prettierignore': '*.md\nlibs/tidy/generated\n',
  '.gitignore': 'dist/\nnode_modules/\n',
  'tsconfig.base.json':
    '{ "compilerOptions": { "strict": true, "noEmit": true, "module": "ESNext", "moduleResolution": "Bundler" } }\n',
  // typescript-eslint's parser, unused variables are errors, console a warning.
  'eslint.config.mjs': eslintConfig,
  // Unused variables and warnings.
  ...formattedProject('libs/clean', 'clean', { 'index.ts': 'export const one = 1;\n' }),
  ...formattedProject('libs/unused', 'unused', { 'index.ts': 'const leftover = 2;\nexport const one = 1;\n' }),
  ...formattedProject('apps/chatty', 'chatty', { 'index.ts': "console.log('hi');\nexport {};\n" }),
  // Formatting. A root file no project owns: the workspace project answers for it.
  'nx.json': '{"a":1}',
  ...formattedProject('tools/workspace', 'workspace', { 'index.ts': 'export const tool = 1;\n' }),
  ...formattedProject('libs/tidy', 'tidy', { 'index.ts': "export const one = 'one';\n" }),
  'libs/tidy/notes.md': '#   ignored   by *.md\n',
  'libs/tidy/generated/out.ts': 'export   const   ignoredByPrettierignore = "x"\n',
  'libs/tidy/dist/out.ts': 'export   const   ignoredByGitignore = "x"\n',
  ...formattedProject('libs/messy', 'messy', { 'index.ts': 'export   const one = "one"\n' }),
  ...formattedProject('apps/broken', 'broken', { 'index.ts': 'export const fine = 1;\n' }),
  'apps/broken/src/data.json': '{ "a": }\n',
  // Function length.
  ...formattedProject('libs/long', 'long', { 'index.ts': fn('tooLong', 81) + fn('justRight', 80) }),
  ...formattedProject('apps/legacy', 'legacy', { 'index.ts': fn('legacy', 120) }),
  ...formattedProject('libs/short', 'short', { 'index.ts': fn('fine', 80) }),
  'libs/long/tests/big.test.ts': fn('testsAreNotChecked', 200),
  'libs/long/src/big.test.ts': fn('testsInSrcAreNotChecked', 200),
  // The old allowlist file has no effect any more: nothing can exempt a function.
  'tools/workspace/long-functions.allow.json': '{ "apps/legacy/src/index.ts#legacy": "owner fixes it next" }\n',
};
