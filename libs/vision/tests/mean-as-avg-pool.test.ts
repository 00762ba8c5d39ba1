import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSpatialMean } from '../src/local/mean-as-avg-pool';
import { ensureBackend } from '../src/local/tfjs-runtime';

/** Reference mean over H and W, in float64. */
function spatialMean(values: Float32Array, [n, h, w, c]: number[]): number[] {
  const out = new Array<number>(n! * c!).fill(0);
  for (let b = 0; b < n!; b++)
    for (let y = 0; y < h!; y++)
      for (let x = 0; x < w!; x++)
        for (let k = 0; k < c!; k++) {
          out[b * c! + k]! += values[((b * h! + y) * w! + x) * c! + k]!;
        }
  return out.map((s) => s / (h! * w!));
}

describe('spatial Mean as a global average pool (wasm backend)', () => {
  beforeAll(async () => {
    await ensureBackend(1);
  }, 60_000);

  it('recognises only keepDims float32 means over axes 1 and 2 of a rank-4 tensor', () => {
    const info = (shape: number[], dtype: tf.DataType = 'float32') => ({ dataId: {}, shape, dtype });
    expect(isSpatialMean(info([1, 8, 8, 3]), [1, 2], true)).toBe(true);
    expect(isSpatialMean(info([1, 8, 8, 3]), [2, -3], true)).toBe(true);
    expect(isSpatialMean(info([1, 8, 8, 3]), [1, 2], false)).toBe(false);
    expect(isSpatialMean(info([1, 8, 8, 3]), [3], true)).toBe(false);
    expect(isSpatialMean(info([1, 8, 8, 3]), [1, 2, 3], true)).toBe(false);
    expect(isSpatialMean(info([8, 8, 3]), [0, 1], true)).toBe(false);
    expect(isSpatialMean(info([1, 8, 8, 3], 'int32'), [1, 2], true)).toBe(false);
  });

  it.each([[[1, 128, 128, 40]], [[2, 5, 7, 3]], [[1, 1, 1, 4]]])(
    'gives the mean over H and W of a %j tensor',
    (shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898) * 4 + (i % 7));
      const result = tf.tidy(() =>
        tf.mean(tf.tensor4d(values, shape as [number, number, number, number]), [1, 2], true),
      );
      expect(result.shape).toEqual([shape[0], 1, 1, shape[3]]);
      const got = Array.from(result.dataSync());
      result.dispose();
      spatialMean(values, shape).forEach((want, i) => expect(got[i]).toBeCloseTo(want, 4));
    },
  );

  it('still computes other means (other axes, keepDims false) with the original kernel', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    expect(Array.from(tf.mean(x, 3).dataSync())).toEqual([1.5, 3.5, 5.5, 7.5]);
    expect(Array.from(tf.mean(x, [1, 2]).dataSync())).toEqual([4, 5]);
    expect(tf.mean(x, [1, 2]).shape).toEqual([1, 2]);
    expect(Array.from(tf.mean(x).dataSync())).toEqual([4.5]);
    x.dispose();
  });
});
