// The figures issue 16's closing note compares, measured on any checkout (`--root <dir>`):
//   tsx tools/workspace/src/architecture-figures.ts [--root <dir>]
// - the longest function in a src/ of apps and libs (the function-length check's own measure);
// - the places in those src/ folders that read environment variables (`process.env` occurrences);
// - the type names declared in more than one package (interface or type alias), and which of them
//   have the same shape there (same members and types once comments, `readonly` and order are
//   ignored): the hand-copied types the issue asked to remove.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { isMain, parseCheckArgs } from './cli-args';
import { longestFunction } from './function-length';

const CHECKED_PARENTS = ['apps', 'libs'] as const;
const SKIPPED = /(\.test\.|\.spec\.|\.d\.ts$|[\\/]testing[\\/])/;

/** A type name declared in more than one package. */
export interface DuplicateType {
  readonly name: string;
  /** `package:file` of each declaration. */
  readonly places: readonly string[];
  /** True when every declaration has the same shape. */
  readonly sameShape: boolean;
}

export interface ArchitectureFigures {
  readonly longestFunction: { key: string; lines: number } | undefined;
  /** `file:line` of each `process.env` read. */
  readonly envReads: readonly string[];
  readonly duplicateTypes: readonly DuplicateType[];
}

export function architectureFigures(root: string): ArchitectureFigures {
  const files = productionSources(root);
  const longest = longestFunction(root);
  return {
    longestFunction: longest ? { key: longest.key, lines: longest.lines } : undefined,
    envReads: files.flatMap((f) => envReads(f.rel, f.text)),
    duplicateTypes: duplicateTypes(files),
  };
}

interface SourceFile {
  /** `apps/<p>` or `libs/<p>`. */
  readonly pkg: string;
  readonly rel: string;
  readonly text: string;
}

/** The .ts files of every apps/libs src/, without tests and `/testing` helpers. */
function productionSources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const parent of CHECKED_PARENTS) {
    const dir = path.join(root, parent);
    if (!existsSync(dir)) continue;
    for (const project of readdirSync(dir, { withFileTypes: true })) {
      const src = path.join(dir, project.name, 'src');
      if (!project.isDirectory() || !existsSync(src)) continue;
      for (const file of walk(src)) {
        const rel = path.relative(root, file).split(path.sep).join('/');
        out.push({ pkg: `${parent}/${project.name}`, rel, text: readFileSync(file, 'utf8') });
      }
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
      return /\.(ts|tsx|mts)$/.test(entry.name) && !SKIPPED.test(full) ? [full] : [];
    })
    .sort();
}

/** `file:line` of every `process.env` in code (comments and strings do not count). */
export function envReads(rel: string, text: string): string[] {
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      node.expression.getText(source) === 'process'
    ) {
      out.push(`${rel}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Type names declared (interface or type alias) in more than one package, with whether their shapes agree. */
export function duplicateTypes(files: readonly SourceFile[]): DuplicateType[] {
  const byName = new Map<string, Array<{ pkg: string; place: string; shape: string }>>();
  for (const file of files) {
    for (const decl of typeDeclarations(file)) {
      byName.set(decl.name, [
        ...(byName.get(decl.name) ?? []),
        { pkg: file.pkg, place: `${file.pkg}:${file.rel}`, shape: decl.shape },
      ]);
    }
  }
  const out: DuplicateType[] = [];
  for (const [name, decls] of byName) {
    if (new Set(decls.map((d) => d.pkg)).size < 2) continue;
    out.push({ name, places: decls.map((d) => d.place), sameShape: new Set(decls.map((d) => d.shape)).size === 1 });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function typeDeclarations(file: SourceFile): Array<{ name: string; shape: string }> {
  const source = ts.createSourceFile(file.rel, file.text, ts.ScriptTarget.Latest, true);
  const out: Array<{ name: string; shape: string }> = [];
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const heritage = (statement.heritageClauses ?? []).map((h) => normalise(h.getText(source)));
      const members = statement.members.map((m) => normalise(m.getText(source))).sort();
      out.push({ name: statement.name.text, shape: `{${[...heritage, ...members].join(';')}}` });
    } else if (ts.isTypeAliasDeclaration(statement)) {
      out.push({ name: statement.name.text, shape: normalise(statement.type.getText(source)) });
    }
  }
  return out;
}

/** Text without comments, `readonly`, separators and whitespace. */
function normalise(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\breadonly\s+/g, '')
    .replace(/[;,]\s*$/g, '')
    .replace(/\s+/g, '');
}

function main(): void {
  const { root } = parseCheckArgs(process.argv.slice(2));
  const figures = architectureFigures(root);
  const longest = figures.longestFunction;
  console.log(`longest src/ function: ${longest ? `${longest.key} ${longest.lines} lines` : 'none'}`);
  console.log(`process.env reads in src/: ${figures.envReads.length}`);
  for (const place of figures.envReads) console.log(`  ${place}`);
  const same = figures.duplicateTypes.filter((d) => d.sameShape);
  console.log(
    `type names declared in more than one package: ${figures.duplicateTypes.length} (${same.length} with the same shape)`,
  );
  for (const d of figures.duplicateTypes)
    console.log(`  ${d.name}${d.sameShape ? ' [same shape]' : ''}: ${d.places.join(', ')}`);
}

if (isMain(import.meta.url)) main();
