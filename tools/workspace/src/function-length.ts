// Finds functions longer than the workspace limit (80 lines) in the src/ folders of apps and libs.
// Run inside lint-workspace (a violation is a lint error of the owning project) and on its own:
//   tsx tools/workspace/src/function-length.ts [--root <dir>]      lists every long function
// There is no allowlist: every over-long function fails its project's lint (and this CLI exits 1).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { isMain, parseCheckArgs } from './cli-args';

/** Longest function allowed in a src/ of apps and libs (BRIEF.md). */
export const MAX_FUNCTION_LINES = 80;
/** Folders whose `<project>/src` is checked. */
const CHECKED_PARENTS = ['apps', 'libs'] as const;
/** Tests, benches and generated code are not checked (only src/ is walked; these are inside it). */
const SKIPPED = /(\.test\.|\.spec\.|\.d\.ts$|\.generated\.|[\\/]generated[\\/])/;

/** One function over the limit. */
export interface LongFunction {
  /** Path relative to the workspace root, with `/`. */
  readonly file: string;
  /** Name as written (`Class.method`, `outer/inner`, `<anonymous>`). */
  readonly name: string;
  readonly line: number;
  readonly lines: number;
  /** `file#name`: names the function across the workspace. */
  readonly key: string;
}

/** Every function in `apps/<p>/src` and `libs/<p>/src` longer than `maxLines`, longest first. */
export function findLongFunctions(root: string, maxLines = MAX_FUNCTION_LINES): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(root, file).split(path.sep).join('/');
    for (const f of functionsOf(text, file)) {
      if (f.lines > maxLines)
        out.push({ file: rel, name: f.name, line: f.line, lines: f.lines, key: `${rel}#${f.name}` });
    }
  }
  return out.sort((a, b) => b.lines - a.lines || a.key.localeCompare(b.key));
}

/** The longest function of every checked src/ (for before/after figures). */
export function longestFunction(root: string): LongFunction | undefined {
  return findLongFunctions(root, 0)[0];
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  for (const parent of CHECKED_PARENTS) {
    const dir = path.join(root, parent);
    if (!existsSync(dir)) continue;
    for (const project of readdirSync(dir, { withFileTypes: true })) {
      const src = path.join(dir, project.name, 'src');
      if (project.isDirectory() && existsSync(src)) walk(src, files);
    }
  }
  return files.sort();
}

function walk(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full, into);
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !SKIPPED.test(full)) {
      into.push(full);
    }
  }
}

interface FunctionSpan {
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/** Every function-like node of one file with its line span (nested functions count on their own too). */
export function functionsOf(text: string, fileName = 'file.ts'): FunctionSpan[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node, scope: string): void => {
    let inner = scope;
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const name = nameOf(node, scope);
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ name, line: start + 1, lines: end - start + 1 });
      inner = name;
    } else if (ts.isClassLike(node)) {
      inner = node.name?.text ?? scope;
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, '');
  return spans;
}

function nameOf(node: ts.SignatureDeclaration, scope: string): string {
  let own: string | undefined;
  if (ts.isConstructorDeclaration(node)) own = 'constructor';
  else if (
    node.name &&
    (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))
  )
    own = node.name.text;
  else if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) own = node.parent.name.text;
  else if (ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name)) own = node.parent.name.text;
  else if (ts.isPropertyDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) own = node.parent.name.text;
  const name = own ?? '<anonymous>';
  if (!scope) return name;
  return ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node)
    ? `${scope}.${name}`
    : `${scope}/${name}`;
}

function main(): void {
  const { root } = parseCheckArgs(process.argv.slice(2));
  const long = findLongFunctions(root);
  for (const f of long) console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines`);
  const longest = longestFunction(root);
  console.log(
    `function-length: ${long.length} over ${MAX_FUNCTION_LINES} lines; longest ${longest ? `${longest.key} ${longest.lines} lines` : 'none'}`,
  );
  if (long.length > 0) process.exitCode = 1;
}

if (isMain(import.meta.url)) main();
