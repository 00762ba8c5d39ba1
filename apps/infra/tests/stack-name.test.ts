import { describe, expect, it } from 'vitest';
import { readStackName } from '../src/config/stack-name';
import { ConfigError } from '../src/errors';

const context =
  (stackName?: string) =>
  (key: string): string | undefined =>
    key === 'stackName' ? stackName : undefined;

describe('readStackName (-c stackName)', () => {
  it('defaults to CatFinder and takes any CloudFormation stack name up to 128 characters', () => {
    expect(readStackName(context())).toBe('CatFinder');
    expect(readStackName(context('CatFinder-staging-2'))).toBe('CatFinder-staging-2');
    expect(readStackName(context(`A${'b'.repeat(127)}`))).toHaveLength(128);
  });

  it.each(['bad name!', '1CatFinder', 'Cat_Finder', '-CatFinder', `A${'b'.repeat(128)}`])(
    'stops on %j with one line naming the context key and the rule',
    (name) => {
      expect(() => readStackName(context(name))).toThrow(ConfigError);
      expect(() => readStackName(context(name))).toThrow(
        `-c stackName: ${JSON.stringify(name)} is not a CloudFormation stack name (a letter, then letters, digits and hyphens; at most 128 characters)`,
      );
    },
  );
});
