import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folders that hold projects, each project one level below. */
export const PROJECT_PARENTS = ['libs', 'apps', 'tools'] as const;

/** One Nx project found on disk. */
export interface WorkspaceProject {
  /** project.json's `name` (Nx's project name). */
  name: string;
  /** Absolute path of the project folder. */
  root: string;
  /** Absolute path of its tsconfig.json, when it has one. */
  tsconfigPath?: string;
}

/**
 * Lists the projects under libs/, apps/ and tools/: every folder holding a project.json.
 * Sorted by name so results and groups are stable from run to run.
 */
export function findProjects(workspaceRoot: string): WorkspaceProject[] {
  const projects: WorkspaceProject[] = [];
  for (const parent of PROJECT_PARENTS) {
    const parentDir = path.join(workspaceRoot, parent);
    if (!existsSync(parentDir)) continue;
    for (const entry of readdirSync(parentDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const root = path.join(parentDir, entry.name);
      const projectJson = path.join(root, 'project.json');
      if (!existsSync(projectJson)) continue;
      const tsconfigPath = path.join(root, 'tsconfig.json');
      projects.push({
        name: readProjectName(projectJson, entry.name),
        root,
        ...(existsSync(tsconfigPath) ? { tsconfigPath } : {}),
      });
    }
  }
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}

function readProjectName(projectJson: string, fallback: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(projectJson, 'utf8'));
  } catch (cause) {
    throw new Error(`${projectJson}: not valid JSON`, { cause });
  }
  const name = (parsed as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : fallback;
}

/**
 * Returns a function naming the project that owns an absolute file path: the project whose root
 * is the longest prefix of it (so nested projects win over their parents), or undefined.
 */
export function ownerLookup(projects: readonly WorkspaceProject[]): (filePath: string) => string | undefined {
  const byDepth = [...projects].sort((a, b) => b.root.length - a.root.length);
  return (filePath) => {
    const normalized = path.resolve(filePath);
    return byDepth.find((p) => normalized === p.root || normalized.startsWith(p.root + path.sep))?.name;
  };
}
