package org.robustr1.train.policy;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.ScoringOptions;

/**
 * A policy the SFT and GRPO trainers can optimise.
 *
 * <p>Contract: {@link #completionLogProbs} is differentiable with respect to {@link
 * #trainableParameters()} when called inside a {@code GradientCollector}; {@link
 * #frozenParameters()} (the vision tower and merger) never receive updates; sampling is a
 * deterministic function of the prompt, the weights and {@link SamplingConfig#seed()}.
 */
public interface TrainablePolicy extends AutoCloseable {

  /**
   * A prompt encoded once: token ids and whatever vision features it needs, computed without
   * gradients and shared by every sample and scoring pass on it.
   */
  interface PreparedPrompt extends AutoCloseable {

    /** Token ids of the prompt, image pads expanded. */
    int[] promptIds();

    @Override
    void close();
  }

  /**
   * A new manager on the device the policy computes on, for the arrays a trainer creates around
   * its log-probabilities (masks, advantages, padding); the caller closes it. The default is the
   * engine's default device.
   */
  default NDManager newManager() {
    return NDManager.newBaseManager();
  }

  /** Encodes a prompt (chat template, image preprocessing, vision tower) once. */
  PreparedPrompt prepare(VlmPrompt prompt);

  /**
   * Samples {@code n} independent completions of one prepared prompt. Sample {@code i} must be
   * reproducible from {@code sampling.seed()} and {@code i}.
   */
  List<Generation> sample(PreparedPrompt prompt, int n, SamplingConfig sampling);

  /**
   * Teacher-forced log-probabilities of each completion token given the prompt, {@code [n,
   * maxLen]} float32 in {@code manager}, zero after each completion's end.
   */
  NDArray completionLogProbs(PreparedPrompt prompt, List<int[]> completions, NDManager manager);

  /**
   * Teacher-forced log-probabilities for a training loss, {@code [n, maxLen]} like {@link
   * #completionLogProbs}, whose gradient reaches the weights in two steps: build the loss on
   * {@link ScoredCompletions#logProbs()}, run the collector's backward, then {@link
   * ScoredCompletions#backward()}. A policy that can bound its memory (chunked log-softmax,
   * gradient checkpointing per {@code options}) overrides this; the default returns {@link
   * #completionLogProbs} with its graph and a backward that does nothing.
   */
  default ScoredCompletions score(PreparedPrompt prompt, List<int[]> completions, ScoringOptions options, NDManager manager) {
    return ScoredCompletions.withGraph(completionLogProbs(prompt, completions, manager));
  }

  /**
   * {@link #score} of completion r after prompt r, {@code [n, maxLen]} (row r for prompt r): a
   * micro-batch of samples with different prompts. A policy that can run them as one batch
   * overrides this; one prompt is {@link #score}; the default scores several each on its own and
   * stacks the rows (with their graphs; a backward that does nothing; the per-row arrays live in
   * {@code manager}).
   *
   * @throws IllegalArgumentException when the lists differ in size or are empty
   */
  default ScoredCompletions scoreEach(
      List<PreparedPrompt> prompts, List<int[]> completions, ScoringOptions options, NDManager manager) {
    checkArgument(
        !prompts.isEmpty() && prompts.size() == completions.size(),
        "%s prompts for %s completions: scoreEach takes one completion per prompt",
        prompts.size(),
        completions.size());
    if (prompts.size() == 1) {
      return score(prompts.get(0), completions, options, manager);
    }
    int longest = 0;
    for (int[] c : completions) {
      longest = Math.max(longest, c.length);
    }
    NDList rows = new NDList();
    for (int r = 0; r < prompts.size(); r++) {
      NDArray lp = completionLogProbs(prompts.get(r), List.of(completions.get(r)), manager);
      int pad = longest - completions.get(r).length;
      rows.add(pad == 0 ? lp : lp.concat(manager.zeros(new Shape(1, pad), lp.getDataType()), 1));
    }
    return ScoredCompletions.withGraph(NDArrays.concat(rows, 0));
  }

  /**
   * The activation memory, in bytes, of one training forward and backward pass of {@link #score}
   * over {@code completions} completions of {@code completionLength} tokens after a prompt of
   * {@code promptLength} tokens; GRPO sizes its passes with it. Default 0 (unknown: a whole batch
   * per pass).
   */
  default long activationBytes(int promptLength, int completionLength, int completions, ScoringOptions options) {
    return 0;
  }

  /**
   * What the run starts from, for its fingerprint: changes when the initial weights or the model's
   * configuration change (default: the class name).
   */
  default String identity() {
    return getClass().getSimpleName();
  }

  /**
   * The token ids the assistant turn {@code text} is trained on in SFT: its content followed by
   * the end-of-turn token.
   */
  int[] assistantTargetIds(String text);

  /** The end-of-sequence id that ends a completion (Qwen: {@code <|im_end|>}). */
  int eosTokenId();

  /** Decodes generated ids to text, special tokens removed. */
  String decode(int[] ids);

  /** Parameters updated by training, by checkpoint name (the language model). */
  Map<String, NDArray> trainableParameters();

  /** Parameters kept frozen, by checkpoint name (vision tower and merger). */
  Map<String, NDArray> frozenParameters();

  /** Writes the full model (weights and config) to {@code dir} in its loadable format. */
  void save(Path dir);

  /**
   * Loads the trainable weights saved by {@link #save} into the existing parameter arrays, in
   * place, so that optimizer references stay valid.
   */
  void loadTrainable(Path dir);

  @Override
  void close();
}
