// Type-checks every project in one pass: projects whose tsconfigs resolve to the same compiler
// options share ONE program (a per-project `tsc -p` re-parses @types/node, aws-sdk, tfjs … each
// time), and each diagnostic is handed to the project that owns its file.
import path from 'node:path';
import ts from 'typescript';
import { isMain, parseCheckArgs } from './cli-args';
import { type ProjectResult, writeResults } from './check-results';
import { findProjects, ownerLookup, type WorkspaceProject } from './projects';

/** Projects that share compiler options, checked by one program. */
interface ProjectGroup {
  projects: WorkspaceProject[];
  options: ts.CompilerOptions;
  rootNames: Set<string>;
}

/** Per-project keys of parsed options that do not change how a file is checked. */
const PER_PROJECT_OPTION_KEYS = ['configFilePath'] as const;

function optionsKey(options: ts.CompilerOptions): string {
  const copy: Record<string, unknown> = { ...options };
  for (const key of PER_PROJECT_OPTION_KEYS) delete copy[key];
  return JSON.stringify(copy, Object.keys(copy).sort());
}

function parseTsconfig(configPath: string): { parsed?: ts.ParsedCommandLine; errors: ts.Diagnostic[] } {
  const errors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d),
    },
  );
  if (parsed) errors.push(...parsed.errors);
  return { parsed, errors };
}

/**
 * A compiler host that parses each file once for all groups. Safe because the groups differ only
 * in lib/types, which do not change how a file is parsed or bound (the language service shares
 * files across projects the same way); the key still includes what does change parsing.
 */
function sharedSourceFileHost(options: ts.CompilerOptions, cache: Map<string, ts.SourceFile>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const settings =
      typeof languageVersionOrOptions === 'object'
        ? languageVersionOrOptions
        : { languageVersion: languageVersionOrOptions };
    const key = `${settings.languageVersion}|${settings.impliedNodeFormat ?? ''}|${fileName}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    if (file) cache.set(key, file);
    return file;
  };
  return host;
}

export interface TypecheckOutcome {
  projects: Record<string, ProjectResult>;
  skipped: Record<string, string>;
  groups: {
    projects: string[];
    rootFileCount: number;
    programFileCount: number;
    lib: string[];
    createMs: number;
    checkMs: number;
  }[];
}

/** Checks every project under `root` and returns per-project results. */
export function typecheckWorkspace(root: string): TypecheckOutcome {
  const projects = findProjects(root);
  const ownerOf = ownerLookup(projects);
  const diagnostics = new Map<string, ts.Diagnostic[]>();
  const skipped: Record<string, string> = {};
  const groups = new Map<string, ProjectGroup>();
  const groupOfProject = new Map<string, ProjectGroup>();

  for (const project of projects) {
    if (!project.tsconfigPath) {
      skipped[project.name] = `no tsconfig.json in ${path.relative(root, project.root)}`;
      continue;
    }
    const { parsed, errors } = parseTsconfig(project.tsconfigPath);
    diagnostics.set(project.name, [...errors]);
    if (!parsed) continue;
    const key = optionsKey(parsed.options);
    let group = groups.get(key);
    if (!group) {
      group = { projects: [], options: parsed.options, rootNames: new Set() };
      groups.set(key, group);
    }
    group.projects.push(project);
    for (const file of parsed.fileNames) group.rootNames.add(path.resolve(file));
    groupOfProject.set(project.name, group);
  }

  const sourceFileCache = new Map<string, ts.SourceFile>();
  const programs = [...groups.values()].map((group) => {
    const options = { ...group.options };
    delete options.configFilePath;
    const started = performance.now();
    const program = ts.createProgram({
      rootNames: [...group.rootNames],
      options,
      host: sharedSourceFileHost(options, sourceFileCache),
    });
    return { group, program, createMs: Math.round(performance.now() - started), checkMs: 0 };
  });
  const programFiles = new Map(
    programs.map(({ group, program }) => [
      group,
      new Set(program.getSourceFiles().map((f) => path.resolve(f.fileName))),
    ]),
  );

  const add = (names: readonly string[], found: readonly ts.Diagnostic[]) => {
    if (found.length === 0) return;
    for (const name of names) diagnostics.get(name)?.push(...found);
  };

  for (const entry of programs) {
    const { group, program } = entry;
    const started = performance.now();
    const members = group.projects.map((p) => p.name);
    // Diagnostics without a file (options, globals) concern every project of the group.
    for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
      add(d.file ? [ownerOf(d.file.fileName) ?? ''].filter((n) => members.includes(n)) : members, [d]);
    }
    for (const sourceFile of program.getSourceFiles()) {
      const filePath = path.resolve(sourceFile.fileName);
      const owner = ownerOf(filePath);
      const ownerGroup = owner ? groupOfProject.get(owner) : undefined;
      let blame: string[];
      if (owner && ownerGroup === group) {
        blame = [owner]; // judged under its own project's options
      } else if (ownerGroup && programFiles.get(ownerGroup)?.has(filePath)) {
        continue; // its owner's group checks it
      } else {
        // Not owned, or the owner's program never sees it: the importers here would have
        // reported it under per-project tsc, so every project of this group does.
        blame = members;
      }
      add(blame, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]);
    }
    entry.checkMs = Math.round(performance.now() - started);
  }

  const formatHost: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  const results: Record<string, ProjectResult> = {};
  for (const [name, found] of diagnostics) {
    const sorted = ts.sortAndDeduplicateDiagnostics(found);
    results[name] = {
      errorCount: sorted.filter((d) => d.category === ts.DiagnosticCategory.Error).length,
      text: ts.formatDiagnostics(sorted, formatHost),
    };
  }
  return {
    projects: results,
    skipped,
    groups: programs.map(({ group, program, createMs, checkMs }) => ({
      projects: group.projects.map((p) => p.name),
      rootFileCount: group.rootNames.size,
      programFileCount: program.getSourceFiles().length,
      lib: (group.options.lib ?? []).map((l) => path.basename(l)),
      createMs,
      checkMs,
    })),
  };
}

function main(): void {
  const { root } = parseCheckArgs(process.argv.slice(2));
  const started = performance.now();
  const outcome = typecheckWorkspace(root);
  const elapsedMs = Math.round(performance.now() - started);
  const file = writeResults(root, { kind: 'typecheck', typescriptVersion: ts.version, elapsedMs, ...outcome });
  for (const [name, result] of Object.entries(outcome.projects)) {
    console.log(`typecheck ${name}: ${result.errorCount} error(s)`);
  }
  for (const [name, reason] of Object.entries(outcome.skipped)) console.log(`typecheck ${name}: skipped (${reason})`);
  console.log(
    `typecheck-workspace: ${Object.keys(outcome.projects).length} projects in ${outcome.groups.length} program(s), ${elapsedMs} ms → ${path.relative(root, file)}`,
  );
}

if (isMain(import.meta.url)) main();
