package org.robustr1.model.qwen;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Set;

/**
 * Where weights come from when a model is built: named tensors, widened to FP32. Implemented over
 * safetensors checkpoints; tests may implement it over maps.
 */
public interface TensorSource {

  /** The names of all tensors. */
  Set<String> names();

  /** The shape of tensor {@code name}. */
  long[] shape(String name);

  /** The values of tensor {@code name} as FP32 (BF16/F16 widened), row-major. */
  FloatBuffer readFloats(String name) throws IOException;
}
