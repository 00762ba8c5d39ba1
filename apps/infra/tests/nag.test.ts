import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { makeArtifacts, makeStack } from './helpers/artifacts';

const artifacts = makeArtifacts();
afterAll(() => artifacts.cleanup());

interface Report {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Synthesizes with AwsSolutionsChecks; returns the error thrown (if any) and the report. */
function synthWithNag(mutate?: (root: IConstruct) => void): { error?: Error; report: Report; app: App } {
  const app = new App({
    outdir: join(artifacts.root, `nag-${Math.random().toString(36).slice(2)}`),
    builtinCloudFormationValidation: false,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = makeStack(artifacts, {}, app);
  mutate?.(stack);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const file = join(app.outdir, 'validation-report.json');
  const report = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] }) as Report;
  return { ...(error ? { error } : {}), report, app };
}

function errorsOf(report: Report): string[] {
  return report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) =>
      r.violations
        .filter((v) => v.severity === 'error')
        .map((v) => `${v.ruleName} @ ${v.violatingConstructs[0]?.constructPath}`),
    );
}

describe('cdk-nag AwsSolutionsChecks', () => {
  const clean = synthWithNag();

  it('finds zero unacknowledged errors in the stack', () => {
    expect(errorsOf(clean.report)).toEqual([]);
    expect(clean.error).toBeUndefined();
  });

  it('gives every acknowledgment a written reason', () => {
    const { app } = clean;
    const acks: { id: string; reason: string }[] = [];
    const visit = (c: IConstruct): void => {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        // recorded as { "<prefix>::<rule id>": reason }
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>))
          acks.push({ id, reason: String(reason) });
      }
      c.node.children.forEach(visit);
    };
    visit(app);
    expect(acks.length).toBeGreaterThan(10);
    for (const ack of acks) expect(ack.reason.trim().length, ack.id).toBeGreaterThanOrEqual(20);
    // no blanket IAM5 acknowledgment: each one names its finding
    expect(acks.filter((a) => a.id.endsWith('AwsSolutions-IAM5'))).toEqual([]);
    expect(acks.some((a) => a.id.endsWith('AwsSolutions-IAM5[Resource::*]'))).toBe(true);
  });

  it('still fails synth when someone adds a wildcard grant (the checks are live)', () => {
    const { error, report } = synthWithNag((stack) => {
      const role = new iam.Role(stack, 'Sloppy', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    });
    expect(error?.message).toMatch(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
    expect(
      errorsOf(report).some((e) => e.startsWith('AwsSolutions-IAM5[Action::dynamodb:*]') && e.includes('Sloppy')),
    ).toBe(true);
  });
});
