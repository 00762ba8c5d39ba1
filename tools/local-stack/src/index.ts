/** Public entry point of @catfinder/local-stack: the whole system on one machine. */
export { startLocalStack, type LocalStack, type LocalStackOptions } from './stack';
export { FlagValueError, LocalStackError, StartAbortedError } from './errors';
export { describe as describeLogRecord, progressSink } from './progress';
