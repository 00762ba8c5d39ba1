/**
 * A cheaper execution of CenterNet's squeeze-and-excite `Mean` nodes on the WASM backend.
 *
 * The model takes 9 means over the two spatial axes of NHWC tensors (keepDims). The wasm `Mean`
 * kernel first transposes the tensor so the reduced axes are innermost, then sums in a scalar
 * loop: ~7 % of the forward pass on one thread. The same numbers come out of one global average
 * pool (window = the whole H x W plane), which XNNPACK runs vectorised, without the transpose and
 * on the thread pool. Any other `Mean` (other axes, dtypes or ranks) runs the original kernel.
 */
import * as tf from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';
let installed = false;

/** Replaces the wasm `Mean` kernel once per process; call before the backend initialises. */
export function installSpatialMeanAsAvgPool(): void {
  if (installed) return;
  const mean = tf.getKernel(tf.Mean, BACKEND);
  const avgPool = tf.getKernel(tf.AvgPool, BACKEND);
  if (!mean || !avgPool) return; // backend kernels not registered: nothing to replace
  installed = true;
  tf.unregisterKernel(tf.Mean, BACKEND);
  tf.registerKernel({
    kernelName: tf.Mean,
    backendName: BACKEND,
    setupFunc: mean.setupFunc,
    disposeFunc: mean.disposeFunc,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo | undefined;
      const { axis, keepDims } = args.attrs as unknown as tf.MeanAttrs;
      if (x && isSpatialMean(x, axis, keepDims)) {
        const [, height, width] = x.shape as [number, number, number, number];
        const attrs: tf.AvgPoolAttrs = { filterSize: [height, width], strides: [height, width], pad: 'valid' };
        return avgPool.kernelFunc({ ...args, attrs: attrs as unknown as tf.NamedAttrMap });
      }
      return mean.kernelFunc(args);
    },
  });
}

/** True for a keepDims float32 mean over exactly axes 1 and 2 of a rank-4 (NHWC) tensor. */
export function isSpatialMean(x: tf.TensorInfo, axis: number | number[], keepDims: boolean): boolean {
  if (!keepDims || x.dtype !== 'float32' || x.shape.length !== 4) return false;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  return axes.length === 2 && axes[0] === 1 && axes[1] === 2 && x.shape[1]! > 0 && x.shape[2]! > 0;
}
