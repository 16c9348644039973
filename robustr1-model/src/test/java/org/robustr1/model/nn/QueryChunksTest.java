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
import org.robustr1.model.qwen.TextModel;

/**
 * Attention in query chunks (what keeps a 12-megapixel photo's full-attention blocks and its
 * 15,000-token prefill within bounded memory) gives the values of attention in one piece.
 */
class QueryChunksTest {

  @Test
  void chunkedAttentionWithAndWithoutMaskEqualsOnePiece() {
    GradMode.set(false);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      // the text layout: [B, kvHeads, group, S, hd] queries, shared keys, causal + padding mask
      NDArray q = m.randomNormal(new Shape(2, 2, 2, 37, 8));
      NDArray kT = m.randomNormal(new Shape(2, 2, 1, 8, 37));
      NDArray v = m.randomNormal(new Shape(2, 2, 1, 37, 8));
      NDArray scale = m.create(0.35f);
      boolean[][] keys = new boolean[2][37];
      for (int j = 0; j < 37; j++) {
        keys[0][j] = true;
        keys[1][j] = j >= 5; // left padding
      }
      NDArray mask = TextModel.mask(m, keys, 0, 37).expandDims(1);
      float[] whole = QueryChunks.attend(q, kT, v, scale, mask, Long.MAX_VALUE).toFloatArray();
      for (long budget : new long[] {1, 8 * 37, 8 * 37 * 5 + 3}) {
        float[] chunked = QueryChunks.attend(q, kT, v, scale, mask, budget).toFloatArray();
        assertThat(maxDiff(chunked, whole)).as("budget %s", budget).isLessThan(1e-5f);
      }
      float[] noMask = QueryChunks.attend(q, kT, v, scale, null, Long.MAX_VALUE).toFloatArray();
      assertThat(maxDiff(QueryChunks.attend(q, kT, v, scale, null, 100).toFloatArray(), noMask)).isLessThan(1e-5f);
    }
  }

  @Test
  void visionFullAttentionInChunksEqualsOnePiece() {
    GradMode.set(false);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      VisionAttention attn = new VisionAttention(32, 2);
      Map<String, Parameter> params = new LinkedHashMap<>();
      attn.collectParameters("", params);
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        HfBlock.setParameterValue(
            e.getKey(), e.getValue(), m.randomNormal(0f, 0.3f, e.getValue().getShape(), DataType.FLOAT32), m);
      }
      int n = 300;
      NDArray x = m.randomNormal(new Shape(n, 32));
      NDArray cos = m.randomUniform(-1f, 1f, new Shape(n, 16));
      NDArray sin = m.randomUniform(-1f, 1f, new Shape(n, 16));
      VisionAttention.Segments whole = new VisionAttention.Segments(n, new int[] {0, 1, n}, null);
      VisionAttention.Segments runs = new VisionAttention.Segments(n, new int[] {0, 3, 100}, null);
      float[] one = attn.forward(x, cos, sin, whole).toFloatArray();
      float[] windows = attn.forward(x, cos, sin, runs).toFloatArray();
      attn.setMaxScoreElements(2L * n * 7); // 7 query rows at a time
      assertThat(maxDiff(attn.forward(x, cos, sin, whole).toFloatArray(), one)).isLessThan(1e-5f);
      assertThat(maxDiff(attn.forward(x, cos, sin, runs).toFloatArray(), windows)).isLessThan(1e-5f);
    }
  }

  @Test
  void theTextMaskIsZeroWhereSeenAndMaskedElsewhere() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      boolean[][] keys = {{false, true, true, true, true}};
      float[] mask = TextModel.mask(m, keys, 2, 3).toFloatArray();
      float x = AttentionMask.MASKED;
      assertThat(mask).containsExactly(
          x, 0, 0, x, x,
          x, 0, 0, 0, x,
          x, 0, 0, 0, 0);
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
