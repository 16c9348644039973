package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.BiFunction;
import org.robustr1.model.generate.PrefixCache;
import org.robustr1.model.nn.GradMode;

/**
 * Teacher-forced log-probabilities of G completions of one prompt or of one prompt each ({@link
 * TeacherForcing}), {@code [G, tmax]} (row g,
 * position t = log p(completion_g[t] | prompt, completion_g[:t]); 0 after a completion's end),
 * computed without ever holding {@code [G, tmax, vocab]} logits: the LM head and the log-softmax
 * run over {@link ScoringOptions#chunkTokens()} completion positions at a time (a chunk may end
 * inside a sequence), only at completion positions.
 *
 * <p>In grad mode the result carries no graph. {@link #logProbs()} is a leaf that requires a
 * gradient: the caller builds its loss on it and runs its collector's backward, which leaves
 * {@code ∂loss/∂logProbs} on the leaf; {@link #backward()} then recomputes each chunk's
 * log-softmax with a graph to the LM head and to the final hidden states, runs it backward seeded
 * with that gradient, and carries the hidden-state gradient through the decoder into the weights
 * (and, when the prompt's vision features carry a graph, into the vision tower). The gradients are
 * those of the plain computation up to float rounding. With {@link
 * ScoringOptions#gradientCheckpointing()} the forward pass keeps only each decoder layer's input
 * (prompt and completions) and {@link #backward()} recomputes one layer at a time, last to first.
 *
 * <p>Holds native memory until closed (the kept activations are released by {@link #backward()}).
 * Not thread-safe; one backward per instance.
 */
public final class CompletionScores implements AutoCloseable {

  private final Qwen25VlNetwork net;
  private final NDManager store;
  private final TeacherForcing tf;
  private final NDArray features;
  private final int chunk;
  private final boolean training;
  private final NDArray validIdx;
  private final NDArray targets;
  private final NDArray hidden;
  private final NDArray logProbs;
  private NDArray hiddenGraph;
  /** With one chunk and no checkpointing: the log-probs of the valid positions with their graph. */
  private NDArray direct;
  private NDArray[] promptInputs;
  private NDArray[] completionInputs;
  private NDArray[] tables;
  private boolean backwardDone;

  CompletionScores(Qwen25VlNetwork net, NDManager parent, TeacherForcing tf, NDArray features, ScoringOptions options) {
    this(net, parent, tf, features, options, false);
  }

  /** With {@code ownsFeatures} the scores close {@code features} when they are closed. */
  CompletionScores(
      Qwen25VlNetwork net, NDManager parent, TeacherForcing tf, NDArray features, ScoringOptions options, boolean ownsFeatures) {
    this.net = net;
    this.tf = tf;
    this.features = features;
    this.chunk = options.chunkTokens();
    this.training = GradMode.isEnabled();
    this.store = parent.newSubManager();
    if (ownsFeatures) {
      NDScope.unregister(features);
      features.attach(store);
    }
    try {
      validIdx = keep(OwnedArrays.owned(store.create(tf.validIndices())));
      long[] t = new long[tf.total];
      long[] idx = tf.validIndices();
      for (int i = 0; i < t.length; i++) {
        t[i] = tf.targets[(int) idx[i]];
      }
      targets = keep(OwnedArrays.owned(store.create(t, new Shape(t.length, 1))));
      int width = net.config().text().hiddenSize();
      try (NDScope scope = new NDScope()) {
        NDArray h;
        if (training && options.gradientCheckpointing()) {
          h = layered(parent, true);
        } else if (training) {
          hiddenGraph = keep(tf.hidden(net, parent, features));
          h = hiddenGraph.stopGradient();
        } else {
          h = layered(parent, false);
        }
        hidden = keep(h.reshape((long) tf.g * tf.tmax, width).get(new NDIndex("{}", validIdx)));
        if (hiddenGraph != null && tf.total <= chunk) {
          // one chunk: the plain computation, graph and all (at most chunk × vocab logits are
          // kept), so that neither the values nor the backward need a second pass over the head
          NDArray rows = hiddenGraph.reshape((long) tf.g * tf.tmax, width).get(new NDIndex("{}", validIdx));
          direct = keep(chunkLogProbs(rows, 0, tf.total));
        }
      }
      logProbs = keep(GradMode.noGrad(this::values));
      if (training) {
        logProbs.setRequiresGradient(true);
      }
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The log-probabilities {@code [G, tmax]}; in grad mode a leaf whose gradient {@link #backward()} consumes. */
  public NDArray logProbs() {
    return logProbs;
  }

  /** The completion lengths. */
  public int[] lengths() {
    return tf.lengths.clone();
  }

  /**
   * Carries the gradient that the caller's backward left on {@link #logProbs()} into the weights
   * (see the class notes); without one (the loss did not use these log-probs) the weights receive
   * nothing. Runs with grad mode on and releases the kept activations.
   *
   * @throws IllegalStateException when the scores were computed without grad mode, or twice
   */
  public void backward() {
    checkState(training, "these log-probs were computed without grad mode; there is nothing to backward");
    checkState(!backwardDone, "backward already ran on these log-probs");
    backwardDone = true;
    boolean prev = GradMode.isEnabled();
    GradMode.set(true);
    try (NDScope scope = new NDScope()) {
      NDArray grad = logProbs.getGradient();
      NDArray gradN = grad.reshape(-1).get(new NDIndex("{}", validIdx));
      int width = net.config().text().hiddenSize();
      if (direct != null) {
        // one backward through the head and the decoder, which sums the tied embedding's two
        // gradients (head and input) before adding them to the weight's, as the plain pass does
        GradMode.backward(direct, gradN);
        return;
      }
      NDArray gh = store.zeros(new Shape((long) tf.g * tf.tmax, width));
      for (int a = 0; a < tf.total; a += chunk) {
        int b = Math.min(tf.total, a + chunk);
        try (NDScope part = new NDScope()) {
          part.suppressNotUsedWarning();
          NDArray hc = hidden.get(new NDIndex("{}:{}", a, b)).duplicate();
          hc.setRequiresGradient(true);
          GradMode.backward(chunkLogProbs(hc, a, b), gradN.get(new NDIndex("{}:{}", a, b)));
          gh.set(new NDIndex("{}", validIdx.get(new NDIndex("{}:{}", a, b))), hc.getGradient());
        }
      }
      NDArray g3 = gh.reshape(tf.g, tf.tmax, width);
      if (hiddenGraph != null) {
        GradMode.backward(hiddenGraph, g3);
      } else {
        checkpointedBackward(g3);
      }
    } finally {
      GradMode.set(prev);
      releaseActivations();
    }
  }

  private NDArray chunkLogProbs(NDArray h, int from, int to) {
    return net.logits(h).logSoftmax(-1).gather(targets.get(new NDIndex("{}:{}", from, to)), -1).squeeze(-1);
  }

  /** The log-probs of the valid positions chunk by chunk, scattered into {@code [G, tmax]}. */
  private NDArray values() {
    try (NDScope scope = new NDScope()) {
      NDList parts = new NDList();
      for (int a = 0; a < tf.total; a += chunk) {
        int b = Math.min(tf.total, a + chunk);
        NDArray lp;
        try (NDScope part = new NDScope()) {
          part.suppressNotUsedWarning();
          lp = direct != null ? direct.stopGradient() : chunkLogProbs(hidden.get(new NDIndex("{}:{}", a, b)), a, b);
          NDScope.unregister(lp);
        }
        NDScope.register(lp);
        parts.add(lp);
      }
      // -0.0 past each end, as the plain computation's log-probs times the mask give
      NDArray flat = store.zeros(new Shape((long) tf.g * tf.tmax)).neg();
      flat.set(new NDIndex("{}", validIdx), parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0));
      NDArray out = flat.reshape(tf.g, tf.tmax);
      NDScope.unregister(out);
      return out;
    }
  }

  /**
   * The forward pass without a graph, layer by layer, each layer's arrays released when it is
   * done; returns the final hidden states {@code [G, tmax, H]} (values only). With {@code
   * keepInputs} (gradient checkpointing) every layer's input is kept for the backward pass;
   * without, only the current one lives, so a long scoring pass holds one layer's activations.
   */
  private NDArray layered(NDManager m, boolean keepInputs) {
    TextModel text = net.textModel();
    int layers = text.numLayers();
    return GradMode.noGrad(
        () -> {
          NDArray[] cp = text.rotary(m, tf.promptPos);
          NDArray maskP = TextModel.mask(m, tf.promptKeys, 0, tf.s);
          boolean completions = tf.tmax > 1;
          NDArray[] cc = completions ? text.rotary(m, tf.completionPos) : new NDArray[2];
          NDArray maskC = completions ? TextModel.mask(m, tf.completionKeys, tf.s, tf.tmax - 1) : null;
          tables = new NDArray[] {keep(cp[0]), keep(cp[1]), keep(maskP), keepOrNull(cc[0]), keepOrNull(cc[1]), keepOrNull(maskC)};
          promptInputs = new NDArray[layers + 1];
          completionInputs = new NDArray[layers + 1];
          promptInputs[0] = keep(net.inputEmbeddings(m, tf.promptRow, features));
          completionInputs[0] = completions ? keep(net.inputEmbeddings(m, tf.completionIds, null)) : null;
          for (int i = 0; i < layers; i++) {
            try (NDScope scope = new NDScope()) {
              scope.suppressNotUsedWarning();
              NDArray[] out = layer(i).apply(promptInputs[i], completionInputs[i]);
              promptInputs[i + 1] = keep(out[0]);
              completionInputs[i + 1] = keepOrNull(out[1]);
            }
            if (!keepInputs) {
              release(i);
            }
          }
          NDArray h = tf.lastPromptPosition(text.finalNorm(promptInputs[layers]));
          h = completions ? h.concat(text.finalNorm(completionInputs[layers]), 1) : h;
          if (!keepInputs) {
            releaseActivations();
          }
          return h;
        });
  }

  /** Decoder layer {@code i} over the prompt rows and the completions that attend to them. */
  private BiFunction<NDArray, NDArray, NDArray[]> layer(int i) {
    TextModel text = net.textModel();
    return (p, c) -> {
      PrefixCache prefix = new PrefixCache(text.numLayers());
      NDArray yp = text.layer(i, p, tables[0], tables[1], tables[2], prefix);
      prefix.advance(tf.s);
      NDArray yc = c == null ? null : text.layer(i, c, tables[3], tables[4], tables[5], prefix);
      return new NDArray[] {yp, yc};
    };
  }

  /** Backward through the final norm, the layers (recomputed last to first) and the embeddings. */
  private void checkpointedBackward(NDArray g3) {
    TextModel text = net.textModel();
    int layers = text.numLayers();
    int width = net.config().text().hiddenSize();
    // a prompt's last position predicted the first token of every completion that continues it
    NDArray gp = store.zeros(new Shape(tf.p, tf.s, width));
    NDArray first = g3.get(new NDIndex(":, 0"));
    gp.set(new NDIndex(":, {}", tf.s - 1), tf.p == 1 ? first.sum(new int[] {0}, true) : first);
    NDArray gc = tf.tmax > 1 ? g3.get(new NDIndex(":, 1:")) : null;
    NDArray[] g = segment(promptInputs[layers], completionInputs[layers], gp, gc, (p, c) -> new NDArray[] {text.finalNorm(p), c == null ? null : text.finalNorm(c)});
    for (int i = layers - 1; i >= 0; i--) {
      release(i + 1);
      NDArray[] next = segment(promptInputs[i], completionInputs[i], g[0], g[1], layer(i));
      closeQuietly(g[0]);
      closeQuietly(g[1]);
      g = next;
    }
    release(0);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDManager m = store;
      NDArray loss = net.inputEmbeddings(m, tf.promptRow, features).mul(g[0]).sum();
      if (tf.tmax > 1) {
        loss = loss.add(net.inputEmbeddings(m, tf.completionIds, null).mul(g[1]).sum());
      }
      GradMode.backward(loss, store.ones(loss.getShape()));
    }
  }

  /**
   * Recomputes one segment from leaf copies of its inputs, runs its backward seeded with the
   * gradients of its outputs, and returns the gradients of its inputs (registered with the
   * caller's scope).
   */
  private NDArray[] segment(NDArray p, NDArray c, NDArray gp, NDArray gc, BiFunction<NDArray, NDArray, NDArray[]> f) {
    NDArray[] out = new NDArray[2];
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray lp = p.duplicate();
      lp.setRequiresGradient(true);
      NDArray lc = null;
      if (c != null) {
        lc = c.duplicate();
        lc.setRequiresGradient(true);
      }
      NDArray[] y = f.apply(lp, lc);
      NDArray loss = y[0].mul(gp).sum();
      if (lc != null) {
        loss = loss.add(y[1].mul(gc).sum());
      }
      GradMode.backward(loss, store.ones(loss.getShape()));
      out[0] = lp.getGradient();
      out[1] = lc == null ? null : lc.getGradient();
      NDScope.unregister(out[0]);
      if (out[1] != null) {
        NDScope.unregister(out[1]);
      }
    }
    NDScope.register(out[0]);
    if (out[1] != null) {
      NDScope.register(out[1]);
    }
    return out;
  }

  private void release(int layer) {
    closeQuietly(promptInputs[layer]);
    closeQuietly(completionInputs[layer]);
    promptInputs[layer] = null;
    completionInputs[layer] = null;
  }

  private void releaseActivations() {
    closeQuietly(hiddenGraph);
    hiddenGraph = null;
    closeQuietly(direct);
    direct = null;
    if (promptInputs != null) {
      for (int i = 0; i < promptInputs.length; i++) {
        release(i);
      }
    }
    if (tables != null) {
      for (NDArray a : tables) {
        closeQuietly(a);
      }
      tables = null;
    }
  }

  private static void closeQuietly(NDArray a) {
    if (a != null) {
      a.close();
    }
  }

  private NDArray keep(NDArray a) {
    NDScope.unregister(a);
    a.attach(store);
    return a;
  }

  private NDArray keepOrNull(NDArray a) {
    return a == null ? null : keep(a);
  }

  @Override
  public void close() {
    releaseActivations();
    store.close();
  }
}
