import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectureFigures, envReads } from '../src/architecture-figures';
import { createFixtureWorkspace, removeFixtureWorkspace } from './fixture-workspace';

describe('envReads', () => {
  it('counts process.env in code, not in comments or strings', () => {
    const text =
      "// process.env.NOT_THIS\nconst a = process.env.A;\nconst s = 'process.env.B';\nconst { C } = process.env;\n";
    expect(envReads('x.ts', text)).toEqual(['x.ts:2', 'x.ts:4']);
  });
});

describe('architectureFigures on a fixture workspace', () => {
  let root: string;
  beforeAll(() => {
    root = createFixtureWorkspace({
      // Same name and shape in two packages (comments, readonly and member order ignored).
      'libs/a/src/types.ts':
        'export interface Ref {\n  readonly seq: number; // the segment\n  index: number;\n}\nexport type Mode = "x" | "y";\n',
      'apps/b/src/types.ts':
        'interface Ref {\n  index: number;\n  seq: number;\n}\nexport type Mode = "x" | "z";\nexport type OnlyHere = string;\n',
      // Tests and /testing helpers are not production code.
      'libs/a/src/types.test.ts': 'interface OnlyHere { a: 1 }\nconst e = process.env.X;\n',
      'libs/a/src/testing/index.ts': 'export type OnlyHere = number;\n',
      'libs/a/src/config.ts': 'export const port = process.env.PORT;\n',
      'libs/a/tests/other.ts': 'export const x = process.env.Y;\n',
    });
  });
  afterAll(() => removeFixtureWorkspace(root));

  it('lists env reads and the type names declared in more than one package, with whether their shapes agree', () => {
    const figures = architectureFigures(root);
    expect(figures.envReads).toEqual(['libs/a/src/config.ts:1']);
    expect(figures.duplicateTypes).toEqual([
      { name: 'Mode', places: ['apps/b:apps/b/src/types.ts', 'libs/a:libs/a/src/types.ts'], sameShape: false },
      { name: 'Ref', places: ['apps/b:apps/b/src/types.ts', 'libs/a:libs/a/src/types.ts'], sameShape: true },
    ]);
    expect(figures.longestFunction).toBeUndefined();
  });
});
