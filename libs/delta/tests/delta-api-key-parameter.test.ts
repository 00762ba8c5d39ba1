/**
 * The Delta API key from an SSM SecureString: read with decryption on first use, reused for the
 * TTL, read again after it; failures name the parameter. SSM is an AWS-only service, so a stand-in
 * client answers GetParameter in the documented response shape; the key then signs real requests
 * to the fake Delta server.
 */
import { GetParameterCommand, type GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClipperConfig } from '../src/config';
import { DeltaApiKeyError, ssmParameterApiKey } from '../src/delta/api-key-parameter';
import { DeltaClient } from '../src/delta/client';
import { ClipperConfigError } from '../src/errors';
import { startFakeDelta, type FakeDelta } from './helpers/fake-delta-server';

let delta: FakeDelta;
beforeAll(async () => {
  delta = await startFakeDelta();
  delta.addContent('catfinder-live');
});
afterAll(async () => delta?.stop());

/** Answers GetParameter as SSM documents it; records each request's input. */
function ssmStandIn(answer: (name: string) => GetParameterCommandOutput | Error): {
  send: (c: GetParameterCommand) => Promise<GetParameterCommandOutput>;
  inputs: unknown[];
} {
  const inputs: unknown[] = [];
  return {
    inputs,
    send: async (command) => {
      expect(command).toBeInstanceOf(GetParameterCommand);
      inputs.push(command.input);
      const out = answer(command.input.Name!);
      if (out instanceof Error) throw out;
      return out;
    },
  };
}

const secureString = (name: string, value: string): GetParameterCommandOutput => ({
  $metadata: { httpStatusCode: 200 },
  Parameter: {
    Name: name,
    Type: 'SecureString',
    Value: value,
    Version: 1,
    ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
    DataType: 'text',
  },
});

describe('Delta API key from an SSM SecureString', () => {
  it('signs Delta requests with the decrypted parameter, read once per TTL', async () => {
    let t = 0;
    const ssm = ssmStandIn((name) => secureString(name, delta.apiKey));
    const apiKey = ssmParameterApiKey('/catfinder/delta-api-key', { client: ssm as never, ttlMs: 1000, now: () => t });
    const client = new DeltaClient({ baseUrl: delta.url, user: delta.user, apiKey });
    expect((await client.findContentByName('catfinder-live')).name).toBe('catfinder-live');
    await client.findContentByName('catfinder-live');
    expect(ssm.inputs).toEqual([{ Name: '/catfinder/delta-api-key', WithDecryption: true }]);
    t = 1500;
    await client.findContentByName('catfinder-live');
    expect(ssm.inputs).toHaveLength(2);
  });

  it('names the parameter when it cannot be read (access denied: not retryable) or is empty', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    const key = ssmParameterApiKey('/x/key', { client: ssmStandIn(() => denied) as never });
    const error = await key().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaApiKeyError);
    expect((error as DeltaApiKeyError).message).toMatch(
      /^Delta API key parameter \/x\/key: cannot be read \(User is not authorized/,
    );
    expect((error as DeltaApiKeyError).retryable).toBe(false);
    const empty = ssmParameterApiKey('/x/empty', {
      client: ssmStandIn((name) => ({ $metadata: {}, Parameter: { Name: name } })) as never,
    });
    await expect(empty()).rejects.toThrow(/\/x\/empty: holds no value/);
  });

  it('is what DELTA_API_KEY_PARAMETER configures, in place of DELTA_API_KEY', () => {
    const base = { CLIPPER: 'delta', DELTA_URL: delta.url, DELTA_CONTENTNAME: 'c', DELTA_USER: 'u' };
    const config = readClipperConfig({ ...base, DELTA_API_KEY_PARAMETER: '/catfinder/delta-api-key' });
    expect(config.kind === 'delta' && typeof config.apiKey).toBe('function');
    expect(() => readClipperConfig(base)).toThrow(ClipperConfigError);
    expect(() => readClipperConfig(base)).toThrow(/DELTA_API_KEY: required when CLIPPER=delta/);
  });
});
