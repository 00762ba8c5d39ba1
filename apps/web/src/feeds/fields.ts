/**
 * Tiny typed field readers for untrusted JSON. Each returns the value or records why not and
 * returns undefined; the caller decides whether the record survives. Messages name the path
 * (`clips[3].startFrame`) so a notice points at the bad entry.
 */
import { FRAME_LABEL_PATTERN } from '../constants';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  readonly problems: string[] = [];
  constructor(
    private readonly record: Json,
    private readonly path: string,
  ) {}

  private fail(key: string, expected: string): undefined {
    const raw = this.record[key];
    const shown = raw === undefined ? 'missing' : JSON.stringify(raw)?.slice(0, 40);
    this.problems.push(`${this.path}.${key} should be ${expected} (got ${shown})`);
    return undefined;
  }

  string(key: string): string | undefined {
    const v = this.record[key];
    return typeof v === 'string' && v.length > 0 ? v : this.fail(key, 'a non-empty string');
  }

  optionalString(key: string): string | undefined {
    const v = this.record[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  isoTime(key: string): string | undefined {
    const v = this.record[key];
    return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : this.fail(key, 'an ISO time');
  }

  optionalIsoTime(key: string): string | undefined {
    return this.record[key] === undefined || this.record[key] === null ? undefined : this.isoTime(key);
  }

  frameLabel(key: string): string | undefined {
    const v = this.record[key];
    return typeof v === 'string' && FRAME_LABEL_PATTERN.test(v)
      ? v
      : this.fail(key, 'a frame label YYYY-MM-DD HH:MM:SS;FF');
  }

  number(key: string): number | undefined {
    const v = this.record[key];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : this.fail(key, 'a number ≥ 0');
  }

  optionalNumber(key: string): number | undefined {
    return this.record[key] === undefined || this.record[key] === null ? undefined : this.number(key);
  }

  boolean(key: string): boolean | undefined {
    const v = this.record[key];
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.record[key];
    return typeof v === 'string' && (allowed as readonly string[]).includes(v)
      ? (v as T)
      : this.fail(key, `one of ${allowed.join('|')}`);
  }

  array(key: string): unknown[] | undefined {
    const v = this.record[key];
    return Array.isArray(v) ? v : this.fail(key, 'an array');
  }

  /** A value that may be null (the health feed's "not yet"); undefined when it is neither. */
  nullable<T>(key: string, read: (key: string) => T | undefined): T | null | undefined {
    return this.record[key] === null ? null : read.call(this, key);
  }

  /** Any finite number (a face box may start slightly outside the frame). */
  finite(key: string): number | undefined {
    const v = this.record[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(key, 'a number');
  }

  /** An array of strings (non-strings are a problem). */
  strings(key: string): string[] | undefined {
    const v = this.record[key];
    return Array.isArray(v) && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : this.fail(key, 'a list of strings');
  }
}
