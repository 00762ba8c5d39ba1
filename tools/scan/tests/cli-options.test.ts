/**
 * What a new user gets wrong on the command line, checked on the argument layer alone (no media,
 * no detector): an unknown option, a URL the scan cannot read, bad tunables in the environment.
 */
import { describe, expect, it } from 'vitest';
import { checkInputScheme, parseCli, readScanSettings, ScanInputError, ScanUsageError } from '../src';

const OPTIONS_LIST = '--label, --detector, --out, --truth, --part-seconds, --json, --serve, --port, --help';

function usageError(argv: string[]): ScanUsageError {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof ScanUsageError) return error;
    throw error;
  }
  throw new Error(`parseCli(${JSON.stringify(argv)}) did not throw`);
}

describe('an unknown option', () => {
  it('is named as typed, with the valid options and a pointer to --help, on one line', () => {
    expect(usageError(['short.mp4', '--bogus']).message).toBe(
      `scan: unknown option --bogus; the options are ${OPTIONS_LIST} (npm run scan -- --help)`,
    );
    expect(usageError(['-x', 'short.mp4']).message).toMatch(/^scan: unknown option -x; the options are /);
    expect(usageError(['short.mp4', '--bogus=1']).message).toMatch(/^scan: unknown option --bogus; /);
  });

  it('suggests the option a typo was meant to be', () => {
    expect(usageError(['short.mp4', '--lable', 'Cat']).message).toMatch(
      /^scan: unknown option --lable \(did you mean --label\?\); the options are /,
    );
    expect(usageError(['short.mp4', '--outt', 'x']).message).toMatch(/\(did you mean --out\?\)/);
  });

  it('is not confused with a positional after --, nor with the known options', () => {
    expect(parseCli(['--json', '--', '--odd-name.mp4'])).toMatchObject({ input: '--odd-name.mp4', json: true });
    expect(parseCli(['-h'])).toBe('help');
  });
});

describe('an input URL', () => {
  it.each(['ftp://example.com/a.m3u8', 'FILE:///tmp/a.mp4', 'rtmp://host/live', 's3://bucket/a.mp4'])(
    'with a scheme other than http(s) is refused as such: %s',
    (input) => {
      let error: unknown;
      try {
        parseCli([input]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScanInputError);
      const scheme = input.slice(0, input.indexOf(':')).toLowerCase();
      expect(error).toMatchObject({
        input,
        problem: 'unsupported-scheme',
        message: `scan: ${input}: unsupported URL scheme "${scheme}:"; give a file path or an http(s) playlist URL`,
      });
    },
  );

  it('is accepted when http(s), and a path is never taken for a URL', () => {
    for (const input of [
      'http://127.0.0.1/a.m3u8',
      'HTTPS://example.com/a.m3u8',
      'a.mp4',
      'C:/v/a.mp4',
      'dir/x://y.mp4',
    ])
      expect(() => checkInputScheme(input)).not.toThrow();
    expect(parseCli(['https://example.com/a.m3u8'])).toMatchObject({ input: 'https://example.com/a.m3u8' });
  });
});

describe('a bad tunable in the environment', () => {
  it.each([
    ['CUT_THRESHOLD', 'abc', '"abc" is not a number'],
    ['SAMPLE_INTERVAL', '0', '0 is out of range (expected 0.1 to 60)'],
    ['MAX_CLIP_SECONDS', '-1', '-1 is out of range (expected 1 to 3600)'],
    ['DETECT_CONCURRENCY', 'lots', '"lots" is not an integer'],
    ['LOCAL_DETECTOR_THREADS', '9', '9 is out of range (expected 1 to 8)'],
  ])('%s=%s is reported once, as parse reports it', (variable, value, problem) => {
    let message = '';
    try {
      readScanSettings({ channel: 'short', labels: [], detector: 'local' }, { [variable]: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ScanUsageError);
      message = (error as Error).message;
    }
    expect(message).toBe(`scan: invalid options:\n  ${variable}: ${problem}`);
  });

  it('lists two bad variables and a bad --label once each', () => {
    expect(() =>
      readScanSettings(
        { channel: 'short', labels: ['Cat:101'], detector: 'local' },
        { CUT_THRESHOLD: 'abc', EXIT_SAMPLES: '0' },
      ),
    ).toThrow(
      /^scan: invalid options:\n {2}--label: [^\n]*"101"[^\n]*\n {2}CUT_THRESHOLD: "abc" is not a number\n {2}EXIT_SAMPLES: [^\n]+$/,
    );
  });
});
