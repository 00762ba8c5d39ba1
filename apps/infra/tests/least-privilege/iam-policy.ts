/**
 * Evaluates recorded AWS SDK calls against the IAM statements a synthesized template grants a
 * function's role, as IAM does for identity policies: an Allow statement matches when one of its
 * actions and one of its resources match (`*` any run of characters, `?` one; actions are
 * case-insensitive). Template references render to stable pseudo ARNs built from logical ids.
 */

export const PSEUDO = { partition: 'aws', region: 'us-east-1', account: '123456789012' } as const;

type Json = unknown;
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, Json>;
}
export type Resources = Readonly<Record<string, TemplateResource>>;

export interface Statement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** The ARN a resource of the template would have, named by its logical id. */
export function pseudoArn(resources: Resources, logicalId: string): string {
  const type = resources[logicalId]?.Type;
  const { partition, region, account } = PSEUDO;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:${partition}:dynamodb:${region}:${account}:table/${logicalId}`;
    case 'AWS::S3::Bucket':
      return `arn:${partition}:s3:::${logicalId}`;
    case 'AWS::Lambda::Function':
      return `arn:${partition}:lambda:${region}:${account}:function:${logicalId}`;
    case 'AWS::SQS::Queue':
      return `arn:${partition}:sqs:${region}:${account}:${logicalId}`;
    default:
      return `arn:${partition}:unknown:${region}:${account}:${logicalId}`;
  }
}

/** Renders a CloudFormation value (Ref, Fn::GetAtt …Arn, Fn::Join) to a string. */
export function render(resources: Resources, value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, Json>;
    if ('Ref' in v) {
      const ref = String(v['Ref']);
      if (ref === 'AWS::Partition') return PSEUDO.partition;
      if (ref === 'AWS::Region') return PSEUDO.region;
      if (ref === 'AWS::AccountId') return PSEUDO.account;
      return ref; // a bucket's, table's or function's name: its logical id here
    }
    if ('Fn::GetAtt' in v) {
      const [id, attribute] = v['Fn::GetAtt'] as [string, string];
      if (attribute === 'Arn') return pseudoArn(resources, id);
      return `${id}.${attribute}`;
    }
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, Json[]];
      return parts.map((p) => render(resources, p)).join(sep);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** The Allow statements of every IAM policy attached to `roleId`. */
export function statementsOfRole(resources: Resources, roleId: string): Statement[] {
  const out: Statement[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const roles = (r.Properties['Roles'] as { Ref: string }[]).map((x) => x.Ref);
    if (!roles.includes(roleId)) continue;
    const doc = r.Properties['PolicyDocument'] as { Statement: { Effect: string; Action: Json; Resource: Json }[] };
    for (const s of doc.Statement.filter((st) => st.Effect === 'Allow')) {
      const list = (x: Json): Json[] => (Array.isArray(x) ? x : [x]);
      out.push({ actions: list(s.Action).map(String), resources: list(s.Resource).map((x) => render(resources, x)) });
    }
  }
  return out;
}

/** IAM wildcard match (`*`, `?`). */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    caseInsensitive ? 'i' : '',
  );
  return re.test(value);
}

/** true when some statement allows `action` on `resource`. */
export function isAllowed(statements: readonly Statement[], action: string, resource: string): boolean {
  return statements.some(
    (s) => s.actions.some((a) => wildcardMatch(a, action, true)) && s.resources.some((r) => wildcardMatch(r, resource)),
  );
}
