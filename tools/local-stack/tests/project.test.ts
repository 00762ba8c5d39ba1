import { describe, expect, it } from 'vitest';
import { PROJECT_NAME } from '../src/index';

describe('local-stack entry point', () => {
  it('exports its project name', () => {
    expect(PROJECT_NAME).toBe('local-stack');
  });
});
