import { describe, expect, it } from 'vitest';
import { PROJECT_NAME } from '../src/index';

describe('parse-lambda entry point', () => {
  it('exports its project name', () => {
    expect(PROJECT_NAME).toBe('parse-lambda');
  });
});
