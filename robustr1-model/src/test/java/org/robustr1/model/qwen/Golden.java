package org.robustr1.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.robustr1.core.tensor.NpyArray;
import org.robustr1.model.nn.GradMode;
import org.robustr1.testing.SharedData;

/** Access to the golden fixture qwen25vl-tiny-a for parity tests. */
final class Golden {

  static final ObjectMapper JSON = new ObjectMapper();

  private Golden() {}

  /** The fixture folder; skips the test when ../shared is absent. */
  static Path dir() {
    Optional<Path> p = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(p.isPresent(), SharedData.MISSING);
    return p.get();
  }

  static JsonNode json(String file) throws IOException {
    return JSON.readTree(dir().resolve(file).toFile());
  }

  /** An .npy file of the fixture: shape and values (floats for floating files, longs otherwise). */
  record Npy(long[] shape, float[] f, long[] l) {}

  static Npy npy(String file) throws IOException {
    NpyArray a = NpyArray.read(dir().resolve(file));
    return a.isFloating() ? new Npy(a.shape(), a.toFloats(), null) : new Npy(a.shape(), null, a.toLongs());
  }

  static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  static int[] inputIds() throws IOException {
    return ints(json("inputs.json").get("input_ids").get(0));
  }

  static List<int[]> grids() throws IOException {
    List<int[]> g = new ArrayList<>();
    for (JsonNode r : json("inputs.json").get("image_grid_thw")) {
      g.add(ints(r));
    }
    return g;
  }

  /**
   * The logits of every position of the one-row prompt {@code ids} encoded as {@code p}, all keys
   * visible, without gradients; the decoder layers' hidden states go to {@code trace} when non-null.
   */
  static NDArray fullLogits(Qwen25VlModel model, int[] ids, EncodedPrompt p, List<NDArray> trace) {
    NDManager m = model.manager();
    long[][] row = {Arrays.stream(ids).asLongStream().toArray()};
    int[][][] pos = new int[3][1][];
    for (int a = 0; a < 3; a++) {
      pos[a][0] = p.rope().positions()[a];
    }
    boolean[][] keys = new boolean[1][ids.length];
    Arrays.fill(keys[0], true);
    return GradMode.noGrad(() -> model.network().logits(
        model.network().decode(m, model.network().inputEmbeddings(m, row, p.features()), pos, keys, null, trace)));
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("length " + a.length + " != " + b.length);
    }
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
