import { PSEUDO } from './iam-policy';
import type { RecordedCall } from './sdk-call-recorder';

/** One IAM authorization an SDK call needs. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
}

/** Maps a local resource name (stand-in bucket, table, function) to the template's name for it. */
export type NameMap = (localName: string) => string;

const { partition, region, account } = PSEUDO;
type Input = Readonly<Record<string, unknown>>;

/** S3 operations and the IAM action each needs (HeadObject is authorized as GetObject, etc.). */
const S3_OBJECT_ACTIONS: Readonly<Record<string, string>> = {
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  DeleteObject: 's3:DeleteObject',
};

/** The IAM authorizations a recorded call needs, resources named as in the template. */
export function iamRequests(call: RecordedCall, name: NameMap): IamRequest[] {
  const { input } = call;
  switch (call.service) {
    case 'S3':
      return s3Requests(call.operation, input, name, call.error === 'NotFound' || call.error === 'NoSuchKey');
    case 'DynamoDB':
      return dynamoRequests(call.operation, input, name);
    case 'Lambda': {
      if (call.operation !== 'Invoke') break;
      const fn = String(input['FunctionName']).split(':').pop()!;
      return [
        {
          action: 'lambda:InvokeFunction',
          resource: `arn:${partition}:lambda:${region}:${account}:function:${name(fn)}`,
        },
      ];
    }
    case 'Rekognition':
      return [{ action: `rekognition:${call.operation}`, resource: '*' }];
    case 'SSM':
      return [
        {
          action: `ssm:${call.operation}`,
          resource: `arn:${partition}:ssm:${region}:${account}:parameter/${String(input['Name']).replace(/^\//, '')}`,
        },
      ];
  }
  throw new Error(`no IAM mapping for ${call.service}.${call.operation}: add it here`);
}

function s3Requests(operation: string, input: Input, name: NameMap, missing: boolean): IamRequest[] {
  const bucket = `arn:${partition}:s3:::${name(String(input['Bucket']))}`;
  const object = (key: unknown): string => `${bucket}/${String(key)}`;
  if (operation in S3_OBJECT_ACTIONS) {
    const request = { action: S3_OBJECT_ACTIONS[operation]!, resource: object(input['Key']) };
    // S3 answers a missing key with 404 only to callers allowed s3:ListBucket (403 otherwise)
    return missing ? [request, { action: 's3:ListBucket', resource: bucket }] : [request];
  }
  if (operation === 'ListObjectsV2' || operation === 'ListObjects' || operation === 'HeadBucket')
    return [{ action: 's3:ListBucket', resource: bucket }];
  if (operation === 'DeleteObjects') {
    const keys = ((input['Delete'] as { Objects?: { Key: string }[] } | undefined)?.Objects ?? []).map((o) => o.Key);
    return keys.map((k) => ({ action: 's3:DeleteObject', resource: object(k) }));
  }
  if (operation === 'CopyObject') {
    const source = decodeURIComponent(String(input['CopySource'])).replace(/^\//, '');
    const [srcBucket, ...key] = source.split('/');
    return [
      { action: 's3:PutObject', resource: object(input['Key']) },
      { action: 's3:GetObject', resource: `arn:${partition}:s3:::${name(srcBucket!)}/${key.join('/')}` },
    ];
  }
  throw new Error(`no IAM mapping for S3.${operation}: add it here`);
}

const TRANSACT_WRITE: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

function dynamoRequests(operation: string, input: Input, name: NameMap): IamRequest[] {
  const table = (t: unknown, index?: unknown): string =>
    `arn:${partition}:dynamodb:${region}:${account}:table/${name(String(t))}${index === undefined ? '' : `/index/${String(index)}`}`;
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys(input['RequestItems'] as Record<string, unknown>).map((t) => ({
      action: `dynamodb:${operation}`,
      resource: table(t),
    }));
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = input['TransactItems'] as Record<string, { TableName: string }>[];
    return items.flatMap((item) =>
      Object.entries(item).map(([kind, body]) => ({
        action: `dynamodb:${operation === 'TransactGetItems' ? 'GetItem' : (TRANSACT_WRITE[kind] ?? kind)}`,
        resource: table(body.TableName),
      })),
    );
  }
  return [{ action: `dynamodb:${operation}`, resource: table(input['TableName'], input['IndexName']) }];
}
