/**
 * The CDK context as the `cdk` CLI hands it to the app (`-c key=value` and cdk.json's `context`),
 * read without aws-cdk-lib so the entry can check its config before loading the CDK. The same two
 * places `App` reads: the CDK_CONTEXT_JSON variable, then the file the CLI names when that JSON is
 * too long for the environment.
 */
import { readFileSync } from 'node:fs';

/** Variable names from aws-cdk-lib's cx-api (`CONTEXT_ENV`, `CONTEXT_OVERFLOW_LOCATION_ENV`). */
const CONTEXT_ENV = 'CDK_CONTEXT_JSON';
const CONTEXT_OVERFLOW_LOCATION_ENV = 'CONTEXT_OVERFLOW_LOCATION_ENV';

/** A non-empty string context value, or undefined (the rule main.ts applies to every key). */
export type ContextReader = (key: string) => string | undefined;

export function readCdkContext(env: NodeJS.ProcessEnv = process.env): ContextReader {
  const inline = env[CONTEXT_ENV];
  const overflow = env[CONTEXT_OVERFLOW_LOCATION_ENV];
  const context: Record<string, unknown> = {
    ...(inline ? (JSON.parse(inline) as Record<string, unknown>) : {}),
    ...(overflow ? (JSON.parse(readFileSync(overflow, 'utf8')) as Record<string, unknown>) : {}),
  };
  return (key) => {
    const value = context[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
}
