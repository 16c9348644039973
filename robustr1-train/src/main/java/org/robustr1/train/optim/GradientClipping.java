package org.robustr1.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;

/**
 * Global-norm gradient clipping done by hand ({@code torch.nn.utils.clip_grad_norm_}): DJL's
 * {@code optClipGrad} clamps values on one side only. The norm is accumulated on the device and
 * read back once.
 */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * The global L2 norm of the gradients of {@code params}; when {@code maxNorm > 0} and the norm
   * exceeds it, every gradient is scaled in place by {@code maxNorm / (norm + 1e-6)}.
   *
   * @return the norm before clipping
   */
  public static double clipGlobalNorm(Collection<NDArray> params, double maxNorm) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList sums = new NDList(params.size());
      NDList grads = new NDList(params.size());
      for (NDArray p : params) {
        NDArray g = p.getGradient();
        grads.add(g);
        // one squared copy at a time: all of them at once would hold another copy of every gradient
        try (NDArray sq = g.square()) {
          sums.add(sq.sum());
        }
      }
      double norm = Math.sqrt(NDArrays.stack(sums).sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
      if (maxNorm > 0 && norm > maxNorm) {
        float coef = (float) (maxNorm / (norm + 1e-6));
        for (NDArray g : grads) {
          g.muli(coef);
        }
      }
      return norm;
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
