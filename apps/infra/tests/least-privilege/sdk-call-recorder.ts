import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import * as smithyClient from '@smithy/core/client';

/** One AWS SDK call a handler made: service, operation and its input (names, keys). */
export interface RecordedCall {
  /** Which function made it (the async context the handler ran in). */
  readonly fn: string;
  /** SDK service id: `S3`, `DynamoDB`, `Lambda`, `Rekognition`, `SSM`, … */
  readonly service: string;
  /** Operation name: `PutObject`, `UpdateItem`, `Invoke`, … (the DynamoDB document client's inner command) */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The error's name when the call failed (e.g. `NoSuchKey`, `NotFound`), set once it settles. */
  error?: string;
}

interface SendableCommand {
  readonly input?: Record<string, unknown>;
  /** @aws-sdk/lib-dynamodb commands wrap the low-level command they send. */
  readonly clientCommand?: { readonly constructor: { readonly name: string } };
  readonly constructor: { readonly name: string };
}

interface ClientPrototype {
  send(this: { config?: { serviceId?: string } }, command: SendableCommand, ...rest: unknown[]): Promise<unknown>;
}

const current = new AsyncLocalStorage<string>();

/**
 * Test-only recorder: wraps smithy's `Client.prototype.send`, which every AWS SDK v3 client
 * (and the DynamoDB document client) calls, and records each call made inside {@link asFunction}.
 * Calls of the test harness itself (outside any function context) are not recorded.
 */
export interface SdkCallRecorder {
  readonly calls: RecordedCall[];
  /** A fault to inject: a call it returns true for fails (once) with {@link InjectedFault} instead of being sent. */
  failOnce?: (call: RecordedCall) => boolean;
  uninstall(): void;
}

/** The error an injected fault raises (as a 500 from the service would). */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
  readonly $retryable = undefined;
}

export function installSdkCallRecorder(): SdkCallRecorder {
  const calls: RecordedCall[] = [];
  const recorder: SdkCallRecorder = { calls, uninstall: () => undefined };
  // the ESM and CommonJS builds of @smithy/core are separate module instances: wrap both
  const prototypes = new Set<ClientPrototype>([
    smithyClient.Client.prototype as unknown as ClientPrototype,
    (createRequire(import.meta.url)('@smithy/core/client') as typeof smithyClient).Client
      .prototype as unknown as ClientPrototype,
  ]);
  const originals = new Map<ClientPrototype, ClientPrototype['send']>();
  for (const proto of prototypes) {
    const original = proto.send;
    originals.set(proto, original);
    proto.send = function send(command, ...rest) {
      const fn = current.getStore();
      if (fn !== undefined) {
        const operation = (command.clientCommand ?? command).constructor.name.replace(/Command$/, '');
        const call: RecordedCall = {
          fn,
          service: this.config?.serviceId ?? 'unknown',
          operation,
          input: { ...(command.input ?? {}) },
        };
        calls.push(call);
        if (recorder.failOnce?.(call)) {
          recorder.failOnce = undefined;
          call.error = 'InjectedFault';
          return Promise.reject(new InjectedFault(`injected fault: ${call.service}.${call.operation}`));
        }
        return original.call(this, command, ...rest).catch((error: unknown) => {
          call.error = error instanceof Error ? error.name : String(error);
          throw error;
        });
      }
      return original.call(this, command, ...rest);
    };
  }
  recorder.uninstall = () => {
    for (const [proto, original] of originals) proto.send = original;
  };
  return recorder;
}

/** Runs `work` as function `fn`: every SDK call made inside it (and its async continuations) is attributed to `fn`. */
export function asFunction<T>(fn: string, work: () => Promise<T>): Promise<T> {
  return current.run(fn, work);
}
