package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The gated MLP of Qwen2 and the Qwen2.5-VL vision blocks: {@code down(silu(gate(x)) * up(x))},
 * children {@code gate_proj}, {@code up_proj}, {@code down_proj} (with biases in the vision tower,
 * without in the language model).
 */
public final class SwiGluMlp extends HfBlock {

  private final HfLinear gate;
  private final HfLinear up;
  private final HfLinear down;
  private final FusedProjection gateUp;

  /** An MLP {@code hidden → intermediate → hidden}. */
  public SwiGluMlp(long hidden, long intermediate, boolean withBias) {
    gate = child("gate_proj", new HfLinear(hidden, intermediate, withBias));
    up = child("up_proj", new HfLinear(hidden, intermediate, withBias));
    down = child("down_proj", new HfLinear(intermediate, hidden, withBias));
    gateUp = new FusedProjection(gate, up);
  }

  /**
   * Makes gate and up views of one fused matrix so that inference runs them as one matmul
   * (checkpoint names, shapes and gradients unchanged; see {@link FusedProjection}).
   */
  public void fuseProjections() {
    gateUp.pack();
  }

  /** Applies the MLP to {@code x [..., hidden]}. */
  public NDArray forward(NDArray x) {
    NDList gu = gateUp.forwardParts(x);
    return down.forward(silu(gu.get(0)).mul(gu.get(1)));
  }

  /**
   * {@code x · sigmoid(x)}. Not DJL's {@code Activation.swish(x, 1f)}: that computes {@code
   * sigmoid(x.mul(1f))}, whose scalar operand wraps a Java direct buffer that DJL closes right after
   * the product while autograd keeps it for backward; once the buffer is collected, backward
   * multiplies by freed memory (NaN or huge gradients at a finite loss).
   */
  public static NDArray silu(NDArray x) {
    return x.mul(x.getNDArrayInternal().sigmoid());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }
}
