package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.nn.GradMode;

/**
 * Teacher-forced scoring of completions after one prompt for {@link Qwen25VlModel}: per-token
 * log-probabilities, the SFT loss and the memory-bounded {@link CompletionScores} trainers use.
 * Runs in the caller's grad mode; all arrays on the model's device. Needs fp32 weights (training
 * keeps fp32 master weights; fp16/bf16 models are for generation).
 */
final class Qwen25VlScorer {

  private final Qwen25VlNetwork net;
  private final NDManager manager;
  private final GenerationConfig generation;

  Qwen25VlScorer(Qwen25VlNetwork net, NDManager manager, GenerationConfig generation) {
    this.net = net;
    this.manager = manager;
    this.generation = generation;
  }

  private TeacherForcing teacherForcing(EncodedPrompt prompt, List<int[]> completions) {
    requireFp32();
    return TeacherForcing.of(prompt, completions, net.config().text().vocabSize(), generation.padTokenId());
  }

  private void requireFp32() {
    DataType dt = net.lmHeadWeight().getDataType();
    checkState(
        dt == DataType.FLOAT32,
        "scoring needs fp32 weights, the model holds %s: load it with the default precision (fp32) to score or train",
        dt);
  }

  /**
   * Log-probabilities {@code [G, Tmax]} (0 past each completion's end), or with {@code meanNll} the
   * mean negative log-likelihood over all completion tokens (a scalar); attached to the model's
   * manager.
   */
  NDArray score(EncodedPrompt prompt, List<int[]> completions, boolean meanNll) {
    TeacherForcing tf = teacherForcing(prompt, completions);
    if (!GradMode.isEnabled()) {
      // without a graph to keep, the log-probs come chunk by chunk, never as [G, T, vocab] logits
      try (CompletionScores cs = new CompletionScores(net, manager, tf, prompt.features(), ScoringOptions.defaults())) {
        NDArray out = cs.logProbs().duplicate();
        if (meanNll) {
          NDArray lp = out;
          out = lp.sum().neg().div(OwnedArrays.scalarLike(lp, tf.total));
          lp.close();
        }
        out.attach(manager);
        return out;
      }
    }
    try (NDScope scope = new NDScope()) {
      NDArray logits = net.logits(tf.hidden(net, manager, prompt.features()));
      NDArray tgt = OwnedArrays.owned(manager.create(tf.targets, new Shape(tf.g, tf.tmax, 1)));
      NDArray lp = logits.logSoftmax(-1).gather(tgt, -1).squeeze(-1);
      NDArray mask = OwnedArrays.owned(manager.create(tf.valid, new Shape(tf.g, tf.tmax)));
      NDArray out = lp.mul(mask);
      if (meanNll) {
        out = out.sum().neg().div(OwnedArrays.scalarLike(out, tf.total));
      }
      NDScope.unregister(out);
      return out;
    }
  }

  /** See {@link Qwen25VlModel#score(EncodedPrompt, List, ScoringOptions)}. */
  CompletionScores score(EncodedPrompt prompt, List<int[]> completions, ScoringOptions options) {
    return new CompletionScores(net, manager, teacherForcing(prompt, completions), prompt.features(), options);
  }

  /** See {@link Qwen25VlModel#scoreEach(List, List, ScoringOptions)}. */
  CompletionScores scoreEach(List<EncodedPrompt> prompts, List<int[]> completions, ScoringOptions options) {
    checkArgument(
        prompts.size() == completions.size(),
        "%s prompts for %s completions: scoreEach takes one completion per prompt",
        prompts.size(),
        completions.size());
    if (prompts.size() == 1) {
      return score(prompts.get(0), completions, options);
    }
    requireFp32();
    TeacherForcing tf =
        TeacherForcing.of(prompts, completions, net.config().text().vocabSize(), generation.padTokenId());
    // the features of several prompts with images are concatenated into a copy, which the scores own
    boolean copied = prompts.stream().filter(e -> e.features() != null).count() > 1;
    return new CompletionScores(net, manager, tf, TeacherForcing.features(prompts), options, copied);
  }
}
