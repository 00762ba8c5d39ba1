import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { IDLE, stepAppearance, type OpenAppearance } from '../../src/appearance';
import { prekogEventFor } from '../../src/events';
import { PrekogInvokeError, createPrekogInvoker, type LambdaSender } from '../../src/prekog-invoker';

const open = stepAppearance(
  IDLE,
  { frame: { mediaSequence: 1, index: 0 }, time: 1000, isCut: true, matched: true, confidence: 90 },
  { channel: 'demo', label: 'Cat', exitSamples: 2, maxClipSeconds: 120 },
).state as OpenAppearance;
const event = prekogEventFor(open, { preRollSeconds: 0, postRollSeconds: 0, maxClipSeconds: 120 });

function sender(statusCode: number | Error): LambdaSender & { inputs: InvokeCommand['input'][] } {
  const inputs: InvokeCommand['input'][] = [];
  return {
    inputs,
    send: (async (command: InvokeCommand) => {
      inputs.push(command.input);
      if (statusCode instanceof Error) throw statusCode;
      return { StatusCode: statusCode, $metadata: {} };
    }) as LambdaSender['send'],
  };
}

describe('createPrekogInvoker', () => {
  it('sends one asynchronous Event invoke with the event as JSON', async () => {
    const lambda = sender(202);
    await createPrekogInvoker(lambda, 'catfinder-prekog').invoke(event);
    expect(lambda.inputs).toHaveLength(1);
    expect(lambda.inputs[0]).toMatchObject({ FunctionName: 'catfinder-prekog', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(lambda.inputs[0]!.Payload as Uint8Array))).toEqual(event);
  });

  it('reports a status other than 202 and a failed call as PrekogInvokeError naming the function', async () => {
    await expect(createPrekogInvoker(sender(200), 'fn').invoke(event)).rejects.toThrow(
      /invoke of fn failed: expected status 202/,
    );
    await expect(createPrekogInvoker(sender(new Error('throttled')), 'fn').invoke(event)).rejects.toBeInstanceOf(
      PrekogInvokeError,
    );
  });
});
