/**
 * Invokes parse like the AWS stack's EventBridge rule: asynchronously (`Event`), through the
 * Lambda API, every `everyMs` — plus once at start so a newcomer does not wait a minute.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export interface Scheduler {
  stop(): void;
}

export function scheduledEvent(now = new Date()): Record<string, unknown> {
  return {
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: now.toISOString(),
    id: `local-${now.getTime()}`,
  };
}

export function startScheduler(
  lambda: Pick<LambdaClient, 'send'>,
  functionName: string,
  everyMs: number,
  onError: (error: unknown) => void,
): Scheduler {
  const fire = (): void => {
    const payload = Buffer.from(JSON.stringify(scheduledEvent()));
    lambda
      .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: payload }))
      .catch(onError);
  };
  fire();
  const timer = setInterval(fire, everyMs);
  return { stop: () => clearInterval(timer) };
}
