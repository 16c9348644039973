package org.robustr1.train.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, written against named parameter arrays so that its state
 * (both moments per parameter and the step count) can be checkpointed and restored bit-exactly.
 * DJL's own {@code Optimizer.adamW()} keys its state by random parameter ids and keeps it private,
 * so it cannot be resumed.
 *
 * <p>The update follows {@code torch.optim.AdamW}: {@code w ← w·(1 − lr·wd)}; {@code m ← β1·m +
 * (1−β1)·g}; {@code v ← β2·v + (1−β2)·g²}; {@code w ← w − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)}.
 * It runs with autograd recording off and zeroes each gradient afterwards.
 */
public final class AdamW implements AutoCloseable {

  private final OptimizerConfig config;
  private final Map<String, NDArray> params;
  private final NDManager stateManager;
  private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
  private final Map<String, Double> lrScale = new LinkedHashMap<>();
  private long step;

  /**
   * An optimizer over {@code params} (name → array with gradients attached), in iteration order.
   * Moments are created lazily in a manager owned by this optimizer.
   */
  public AdamW(OptimizerConfig config, Map<String, NDArray> params) {
    this.config = requireNonNull(config, "config");
    checkArgument(!params.isEmpty(), "AdamW needs at least one trainable parameter");
    this.params = new LinkedHashMap<>(params);
    this.stateManager = params.values().iterator().next().getManager().newSubManager();
  }

  /**
   * Scales the learning rate (and so the decoupled weight decay) of the parameters whose names
   * {@code which} accepts by {@code scale}, e.g. 0.1 for a vision tower trained along a language
   * model: Adam moves every weight by about the learning rate per step whatever the size of its
   * gradient, so weights whose gradients are mostly noise need a smaller rate to keep their
   * features still enough to be read. Later calls override earlier ones for the same parameter.
   *
   * @return this optimizer
   */
  public AdamW setLearningRateScale(java.util.function.Predicate<String> which, double scale) {
    checkArgument(scale >= 0 && Double.isFinite(scale), "scale must be finite and >= 0, got %s", scale);
    for (String name : params.keySet()) {
      if (which.test(name)) {
        lrScale.put(name, scale);
      }
    }
    return this;
  }

  /** Number of updates applied so far. */
  public long step() {
    return step;
  }

  /** The parameters this optimizer updates, by name. */
  public Map<String, NDArray> parameters() {
    return java.util.Collections.unmodifiableMap(params);
  }

  /**
   * Applies one update with learning rate {@code lr} using the gradients currently accumulated on
   * the parameters, then zeroes them. Parameters without a gradient are skipped.
   */
  public void update(double lr) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      ensureState();
      step++;
      double b1 = config.beta1();
      double b2 = config.beta2();
      double bc1 = 1 - Math.pow(b1, step);
      double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        double rate = lr * lrScale.getOrDefault(e.getKey(), 1.0);
        double stepSize = rate / bc1;
        float decay = (float) (1 - rate * config.weightDecay());
        NDArray w = e.getValue();
        NDArray m = firstMoment.get(e.getKey());
        NDArray v = secondMoment.get(e.getKey());
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDArray g = w.getGradient();
          if (config.weightDecay() != 0) {
            w.muli(decay);
          }
          // each temporary is released as soon as it is used: at most two arrays of the
          // parameter's size exist besides the moments (the embedding of a 3B model is 1.2 GB)
          try (NDArray t = g.mul((float) (1 - b1))) {
            m.muli((float) b1).addi(t);
          }
          try (NDArray t = g.square()) {
            v.muli((float) b2).addi(t.muli((float) (1 - b2)));
          }
          try (NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) config.epsilon());
              NDArray update = m.div(denom)) {
            w.subi(update.muli((float) stepSize));
          }
          JniUtils.zeroGrad((PtNDArray) w);
        }
      }
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /** Zeroes every parameter's gradient without updating. */
  public void zeroGradients() {
    for (NDArray w : params.values()) {
      JniUtils.zeroGrad((PtNDArray) w);
    }
  }

  private void ensureState() {
    if (firstMoment.isEmpty()) {
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        NDArray w = e.getValue();
        checkState(w.hasGradient(), "parameter %s has no gradient attached", e.getKey());
        firstMoment.put(e.getKey(), stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        secondMoment.put(e.getKey(), stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
      }
    }
  }

  /**
   * The state to checkpoint: for each parameter {@code name}, arrays {@code exp_avg.name} and
   * {@code exp_avg_sq.name}. Empty before the first update. The arrays are live views of the
   * state: copy them out before updating again.
   */
  public Map<String, NDArray> stateTensors() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (String name : firstMoment.keySet()) {
      out.put("exp_avg." + name, firstMoment.get(name));
      out.put("exp_avg_sq." + name, secondMoment.get(name));
    }
    return out;
  }

  /**
   * Restores state saved by {@link #stateTensors()} after {@code savedStep} updates. Each value is
   * the flat float32 content of the tensor of the same name.
   *
   * @throws IllegalArgumentException naming the tensor when one is missing or has the wrong size
   */
  public void loadState(long savedStep, Map<String, float[]> tensors) {
    checkArgument(savedStep >= 0, "optimizer step must be >= 0, got %s", savedStep);
    freeState();
    if (savedStep > 0) {
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        firstMoment.put(e.getKey(), restore(tensors, "exp_avg." + e.getKey(), e.getValue()));
        secondMoment.put(e.getKey(), restore(tensors, "exp_avg_sq." + e.getKey(), e.getValue()));
      }
    }
    this.step = savedStep;
  }

  private NDArray restore(Map<String, float[]> tensors, String name, NDArray like) {
    float[] data = tensors.get(name);
    checkArgument(data != null, "optimizer state has no tensor %s", name);
    checkArgument(
        data.length == like.size(),
        "optimizer tensor %s has %s values, parameter has shape %s",
        name,
        data.length,
        like.getShape());
    checkArgument(like.getDataType() == DataType.FLOAT32, "only float32 parameters are supported, %s is %s", name, like.getDataType());
    NDArray tmp = stateManager.create(data, like.getShape()).toDevice(like.getDevice(), false);
    NDArray owned = tmp.duplicate();
    if (owned != tmp) {
      tmp.close();
    }
    owned.attach(stateManager);
    return owned;
  }

  private void freeState() {
    for (NDArray a : firstMoment.values()) {
      a.close();
    }
    for (NDArray a : secondMoment.values()) {
      a.close();
    }
    firstMoment.clear();
    secondMoment.clear();
  }

  /** Frees the moments and the optimizer's manager. */
  @Override
  public void close() {
    freeState();
    stateManager.close();
  }
}
