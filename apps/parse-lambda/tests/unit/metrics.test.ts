import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, powertoolsMetrics } from '../../src/metrics';

describe('powertoolsMetrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one EMF record in namespace CatFinder with channel as the only dimension, and nothing when empty', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const sink = powertoolsMetrics(
      'demo',
      new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'catfinder-parse' }),
    );
    sink.flush();
    expect(lines).toEqual([]);
    sink.add('SegmentsProcessed', 1);
    sink.add('LagSeconds', 4.5);
    sink.flush();
    vi.restoreAllMocks();
    const emf = JSON.parse(lines.join('')) as {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
      };
      channel: string;
      SegmentsProcessed: number;
      LagSeconds: number;
    };
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('CatFinder');
    expect(directive?.Dimensions).toEqual([['channel']]);
    expect(directive?.Metrics).toEqual([
      { Name: 'SegmentsProcessed', Unit: 'Count' },
      { Name: 'LagSeconds', Unit: 'Seconds' },
    ]);
    expect(emf).toMatchObject({ channel: 'demo', SegmentsProcessed: 1, LagSeconds: 4.5 });
  });
});
