package org.robustr1.train.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.nn.GradMode;
import org.robustr1.train.checkpoint.Checkpointer;

/**
 * A tiny DJL policy for trainer tests. Tokens 0..6 spell the letters a..g, 7 is EOS. A frozen
 * "vision tower" (3→4 matrix) and "merger" (4→4) turn the image's mean colour into a feature f;
 * the next-token logits are {@code E[prev] + f·U} with E and U trainable.
 */
public final class ToyPolicy implements TrainablePolicy {

  public static final int V = 8;
  public static final int EOS = 7;
  private static final int D = 4;

  private final NDManager manager;
  private final NDArray tower;
  private final NDArray merger;
  private final NDArray emb;
  private final NDArray head;

  public ToyPolicy(long seed) {
    manager = NDManager.newBaseManager();
    SplittableRandom r = new SplittableRandom(seed);
    tower = param(r, new Shape(3, D), 1.0);
    merger = param(r, new Shape(D, D), 1.0);
    emb = param(r, new Shape(V + 1, V), 0.1);
    head = param(r, new Shape(D, V), 0.1);
    emb.setRequiresGradient(true);
    head.setRequiresGradient(true);
  }

  private NDArray param(SplittableRandom r, Shape shape, double scale) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    NDArray a = manager.create(v, shape);
    NDArray owned = a.duplicate();
    a.close();
    return owned;
  }

  private final class Prepared implements PreparedPrompt {
    final float[] feature;

    Prepared(float[] feature) {
      this.feature = feature;
    }

    @Override
    public int[] promptIds() {
      return new int[] {V};
    }

    @Override
    public void close() {}
  }

  @Override
  public PreparedPrompt prepare(VlmPrompt prompt) {
    RgbImage img = prompt.images().get(0);
    float[] rgb = new float[3];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        for (int c = 0; c < 3; c++) {
          rgb[c] += img.get(x, y, c) / 255f / (img.width() * img.height());
        }
      }
    }
    try (NDManager tmp = manager.newSubManager()) {
      NDArray f = tmp.create(rgb, new Shape(1, 3)).matMul(tower).matMul(merger).tanh();
      return new Prepared(f.toFloatArray());
    }
  }

  @Override
  public List<Generation> sample(PreparedPrompt prompt, int n, SamplingConfig sampling) {
    float[] e = emb.toFloatArray();
    float[] u = head.toFloatArray();
    float[] f = ((Prepared) prompt).feature;
    List<Generation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = new SplittableRandom(sampling.seed() + 0x9E3779B97F4A7C15L * (i + 1));
      int prev = V;
      List<Integer> ids = new ArrayList<>();
      for (int t = 0; t < sampling.maxNewTokens(); t++) {
        double[] logits = new double[V];
        for (int k = 0; k < V; k++) {
          double s = e[prev * V + k];
          for (int d = 0; d < D; d++) {
            s += f[d] * u[d * V + k];
          }
          logits[k] = s / sampling.temperature();
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
          max = Math.max(max, l);
        }
        double z = 0;
        double[] p = new double[V];
        for (int k = 0; k < V; k++) {
          p[k] = Math.exp(logits[k] - max);
          z += p[k];
        }
        double u01 = rnd.nextDouble() * z;
        int tok = V - 1;
        for (int k = 0; k < V; k++) {
          u01 -= p[k];
          if (u01 < 0) {
            tok = k;
            break;
          }
        }
        ids.add(tok);
        prev = tok;
        if (tok == EOS) {
          break;
        }
      }
      int[] arr = ids.stream().mapToInt(Integer::intValue).toArray();
      out.add(new Generation(new int[] {V}, arr, decode(arr), new float[0]));
    }
    return out;
  }

  @Override
  public NDArray completionLogProbs(PreparedPrompt prompt, List<int[]> completions, NDManager m) {
    int n = completions.size();
    int tmax = 0;
    for (int[] c : completions) {
      tmax = Math.max(tmax, c.length);
    }
    float[] prevOh = new float[n * tmax * (V + 1)];
    float[] tokOh = new float[n * tmax * V];
    for (int i = 0; i < n; i++) {
      int prev = V;
      int[] c = completions.get(i);
      for (int t = 0; t < c.length; t++) {
        prevOh[(i * tmax + t) * (V + 1) + prev] = 1;
        tokOh[(i * tmax + t) * V + c[t]] = 1;
        prev = c[t];
      }
    }
    NDArray prevArr = m.create(prevOh, new Shape(n, tmax, V + 1));
    NDArray tokArr = m.create(tokOh, new Shape(n, tmax, V));
    NDArray f = m.create(((Prepared) prompt).feature, new Shape(1, D));
    NDArray logits = prevArr.matMul(emb).add(f.matMul(head));
    return logits.logSoftmax(-1).mul(tokArr).sum(new int[] {-1});
  }

  @Override
  public int[] assistantTargetIds(String text) {
    int[] ids = new int[text.length() + 1];
    for (int i = 0; i < text.length(); i++) {
      int c = text.charAt(i) - 'a';
      if (c < 0 || c >= EOS) {
        throw new IllegalArgumentException("toy vocabulary is a..g, got '" + text.charAt(i) + "'");
      }
      ids[i] = c;
    }
    ids[text.length()] = EOS;
    return ids;
  }

  @Override
  public int eosTokenId() {
    return EOS;
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      if (id != EOS) {
        sb.append((char) ('a' + id));
      }
    }
    return sb.toString();
  }

  @Override
  public Map<String, NDArray> trainableParameters() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put("model.embed", emb);
    m.put("model.head", head);
    return m;
  }

  @Override
  public Map<String, NDArray> frozenParameters() {
    Map<String, NDArray> m = new LinkedHashMap<>();
    m.put("visual.tower", tower);
    m.put("visual.merger", merger);
    return m;
  }

  @Override
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, NDArray> all = new LinkedHashMap<>(frozenParameters());
      all.putAll(trainableParameters());
      Checkpointer.writeTensors(dir.resolve("model.safetensors"), all);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void loadTrainable(Path dir) {
    try {
      Map<String, float[]> saved = Checkpointer.readTensors(dir.resolve("model.safetensors"));
      GradMode.noGrad(
          () -> {
            for (Map.Entry<String, NDArray> e : trainableParameters().entrySet()) {
              e.getValue().set(FloatBuffer.wrap(saved.get(e.getKey())));
            }
            return null;
          });
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
