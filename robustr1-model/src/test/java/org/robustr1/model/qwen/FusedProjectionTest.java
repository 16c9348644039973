package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.nn.GradMode;

/**
 * The fused q/k/v and gate/up matmuls of inference (see {@code nn.FusedProjection}) keeps the checkpoint view
 * of the weights and follows every way they change: in place (an optimizer step) and by replacing
 * a parameter's storage ({@code NDArray.set(Buffer)}, as a trainable-weights reload does).
 */
class FusedProjectionTest {

  private static final long[][] IDS = {{151644, 872, 198, 3838, 30, 151645, 198, 151644, 77091, 198}};

  @Test
  void parametersKeepTheirCheckpointShapes() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(151700), 3)) {
      Map<String, Parameter> p = model.namedParameters();
      assertThat(p.get("model.layers.0.self_attn.q_proj.weight").getArray().getShape().getShape())
          .containsExactly(32, 32);
      assertThat(p.get("model.layers.0.self_attn.k_proj.weight").getArray().getShape().getShape())
          .containsExactly(16, 32);
      assertThat(p.get("model.layers.0.self_attn.v_proj.bias").getArray().getShape().getShape())
          .containsExactly(16);
    }
  }

  @Test
  void inferenceSeesInPlaceUpdatesAndReplacedStorage() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(151700), 3)) {
      Map<String, Parameter> p = model.namedParameters();
      float[] before = hidden(model, false);
      assertThat(maxDiff(before, hidden(model, true))).isLessThan(1e-6f);

      // in place, as an optimizer step
      NDArray k = p.get("model.layers.0.self_attn.k_proj.weight").getArray();
      GradMode.noGrad(() -> k.muli(1.5f));
      float[] scaled = hidden(model, false);
      assertThat(maxDiff(scaled, before)).isGreaterThan(1e-4f);
      assertThat(maxDiff(scaled, hidden(model, true))).isLessThan(1e-6f);

      // the MLP's fused gate/up, in place
      NDArray up = p.get("model.layers.1.mlp.up_proj.weight").getArray();
      GradMode.noGrad(() -> up.muli(-2f));
      float[] flipped = hidden(model, false);
      assertThat(maxDiff(flipped, scaled)).isGreaterThan(1e-4f);
      assertThat(maxDiff(flipped, hidden(model, true))).isLessThan(1e-6f);
      scaled = flipped;

      // new storage behind the same parameter array
      NDArray v = p.get("model.layers.1.self_attn.v_proj.weight").getArray();
      float[] values = new float[(int) v.size()];
      Random r = new Random(5);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) r.nextGaussian() * 0.5f;
      }
      ByteBuffer bytes = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
      bytes.asFloatBuffer().put(values);
      v.set(bytes);
      assertThat(v.toFloatArray()).containsExactly(values);
      float[] replaced = hidden(model, false);
      assertThat(maxDiff(replaced, scaled)).isGreaterThan(1e-4f);
      assertThat(maxDiff(replaced, hidden(model, true))).isLessThan(1e-6f);
    }
  }

  /** Final hidden states of a text prompt: fused (autograd off) or per projection (autograd on). */
  private static float[] hidden(Qwen25VlModel model, boolean autograd) {
    boolean prev = GradMode.isEnabled();
    GradMode.set(autograd);
    try (NDScope scope = new NDScope()) {
      NDManager m = model.manager();
      int s = IDS[0].length;
      int[][][] pos = new int[3][1][s];
      for (int a = 0; a < 3; a++) {
        for (int i = 0; i < s; i++) {
          pos[a][0][i] = i;
        }
      }
      boolean[][] keys = new boolean[1][s];
      Arrays.fill(keys[0], true);
      NDArray emb = model.network().inputEmbeddings(m, IDS, null);
      NDArray h = model.network().decode(m, emb, pos, keys, null, null);
      return GradMode.noGrad(() -> h.toFloatArray());
    } finally {
      GradMode.set(prev);
    }
  }

  private static float maxDiff(float[] a, float[] b) {
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
