package org.robustr1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.model.nn.GradMode;

/**
 * The three ways {@link VisionAttention} attends within segments (block-diagonal mask, batched
 * runs of equal segments, one plain attention) agree with attending each segment on its own, and
 * the plan picks the mask for small sequences and batched runs for the 3B windows.
 */
class VisionAttentionPathsTest {

  private static final int[] CU = {0, 4, 8, 12, 14, 18, 22};

  @Test
  void maskAndRunsMatchSegmentBySegment() {
    GradMode.set(false);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      VisionAttention attn = new VisionAttention(32, 2);
      Map<String, Parameter> params = new LinkedHashMap<>();
      attn.collectParameters("", params);
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        HfBlock.setParameterValue(
            e.getKey(), e.getValue(), m.randomNormal(0f, 0.3f, e.getValue().getShape(), DataType.FLOAT32), m);
      }
      int n = CU[CU.length - 1];
      NDArray x = m.randomNormal(new Shape(n, 32));
      NDArray cos = m.randomUniform(-1f, 1f, new Shape(n, 16));
      NDArray sin = m.randomUniform(-1f, 1f, new Shape(n, 16));

      NDList pieces = new NDList();
      for (int i = 0; i + 1 < CU.length; i++) {
        NDIndex rows = new NDIndex("{}:{}", CU[i], CU[i + 1]);
        int len = CU[i + 1] - CU[i];
        pieces.add(
            attn.forward(
                x.get(rows),
                cos.get(rows),
                sin.get(rows),
                new VisionAttention.Segments(len, new int[] {0, 1, len}, null)));
      }
      float[] reference = NDArrays.concat(pieces, 0).toFloatArray();

      VisionAttention.Segments planned = attn.segments(CU, m);
      assertThat(planned.mask()).as("a 22-row sequence is attended with a mask").isNotNull();
      float[] masked = attn.forward(x, cos, sin, planned).toFloatArray();

      VisionAttention.Segments runs =
          new VisionAttention.Segments(n, new int[] {0, 3, 4, 12, 1, 2, 14, 2, 4}, null);
      float[] batched = attn.forward(x, cos, sin, runs).toFloatArray();

      assertThat(maxDiff(masked, reference)).isLessThan(1e-5f);
      assertThat(maxDiff(batched, reference)).isLessThan(1e-5f);
      // attending across segments would give other values
      float[] whole =
          attn.forward(x, cos, sin, new VisionAttention.Segments(n, new int[] {0, 1, n}, null))
              .toFloatArray();
      assertThat(maxDiff(whole, reference)).isGreaterThan(1e-3f);
    }
  }

  @Test
  void planUsesRunsForTheWindowsOfA448Image() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      VisionAttention attn = new VisionAttention(1280, 16);
      int[] cu = new int[17];
      for (int i = 1; i < cu.length; i++) {
        cu[i] = 64 * i;
      }
      VisionAttention.Segments s = attn.segments(cu, m);
      assertThat(s.mask()).isNull();
      assertThat(s.runs()).containsExactly(0, 16, 64);
      VisionAttention.Segments full = attn.segments(new int[] {0, 1024}, m);
      assertThat(full.mask()).isNull();
      assertThat(full.runs()).containsExactly(0, 1, 1024);
    }
  }

  private static float maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
