package org.robustr1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.model.nn.GradMode;

/**
 * {@link FusedProjection} really fuses on this platform (the data addresses of its views are
 * readable), computes what the separate layers compute, and notices when a part's storage is
 * replaced.
 */
class FusedProjectionPackingTest {

  @Test
  void packsReadsAddressesAndNoticesReplacedStorage() {
    boolean gradMode = GradMode.isEnabled();
    GradMode.set(false);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      HfLinear q = new HfLinear(8, 6, true);
      HfLinear k = new HfLinear(8, 4, true);
      for (HfLinear l : new HfLinear[] {q, k}) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        l.collectParameters("", params);
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
          HfBlock.setParameterValue(
              e.getKey(), e.getValue(), m.randomNormal(0f, 0.5f, e.getValue().getShape(), DataType.FLOAT32), m);
        }
      }
      FusedProjection fused = new FusedProjection(q, k);
      NDArray x = m.randomNormal(new Shape(3, 8));
      float[] separate = concat(q.forward(x).toFloatArray(), k.forward(x).toFloatArray(), 3, 6, 4);

      float[] out = fused.forward(x).toFloatArray();
      assertThat(fused.isPacked()).as("fused after the first forward (data addresses readable)").isTrue();
      assertThat(out).containsExactly(separate, org.assertj.core.data.Offset.offset(1e-5f));

      NDArray replacement = m.zeros(new Shape(4, 8));
      k.weight().getArray().intern(replacement);
      assertThat(fused.isPacked()).as("a replaced part storage is detected").isFalse();
      float[] again = fused.forward(x).toFloatArray();
      assertThat(fused.isPacked()).as("re-packed on the next forward").isTrue();
      float[] kBias = k.bias().getArray().toFloatArray();
      for (int r = 0; r < 3; r++) {
        for (int j = 0; j < 4; j++) {
          assertThat(again[r * 10 + 6 + j]).isEqualTo(kBias[j], org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
    } finally {
      GradMode.set(gradMode);
    }
  }

  private static float[] concat(float[] a, float[] b, int rows, int ca, int cb) {
    float[] out = new float[rows * (ca + cb)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(a, r * ca, out, r * (ca + cb), ca);
      System.arraycopy(b, r * cb, out, r * (ca + cb) + ca, cb);
    }
    return out;
  }
}
