/**
 * The stack name from `-c stackName=…`, checked with the context before the CDK loads: a bad
 * one is a one-line ConfigError, not aws-cdk-lib's StackNameInvalidFormat stack trace.
 */
import { DEFAULT_STACK_NAME } from '../constants';
import { ConfigError } from '../errors';
import type { ContextReader } from './cdk-context';

/** CloudFormation's rule for stack names (CreateStack's StackName). */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const STACK_NAME_MAX = 128;

export function readStackName(context: ContextReader): string {
  const name = context('stackName') ?? DEFAULT_STACK_NAME;
  if (!STACK_NAME.test(name) || name.length > STACK_NAME_MAX) {
    throw new ConfigError(
      `${JSON.stringify(name)} is not a CloudFormation stack name (a letter, then letters, digits and hyphens; at most ${STACK_NAME_MAX} characters)`,
      '-c stackName',
    );
  }
  return name;
}
