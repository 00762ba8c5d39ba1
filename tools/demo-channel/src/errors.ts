/** Context carried by demo-channel errors. */
export interface DemoChannelErrorContext {
  /** The option or file the error is about. */
  input?: string;
}

/** Base class of every error thrown by @catfinder/demo-channel. */
export class DemoChannelError extends Error {
  readonly input?: string;
  constructor(message: string, context: DemoChannelErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DemoChannelError';
    this.input = context.input;
  }
}

/** An option (scene list, segment length, port …) is invalid. */
export class DemoChannelOptionsError extends DemoChannelError {
  constructor(message: string, context: DemoChannelErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'DemoChannelOptionsError';
  }
}

/** ffmpeg did not produce a playable live playlist in time (or died). */
export class DemoChannelStartError extends DemoChannelError {
  constructor(message: string, context: DemoChannelErrorContext = {}, options?: { cause?: unknown }) {
    super(message, context, options);
    this.name = 'DemoChannelStartError';
  }
}
