package org.robustr1.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a demo run measured.
 *
 * @param config the budgets
 * @param out the output folder
 * @param stageSeconds wall seconds per stage, and {@code total}
 * @param evals evaluation per model label ({@link DemoPipeline#MODELS})
 * @param training training summary per model label
 * @param longestChainTokens tokens of the longest training chain (with end-of-turn)
 * @param evalMaxTokens the chain budget used in evaluation
 * @param perception per chain-model label, its chains on held-out images degraded like the
 *     training set (several stages, random intensities)
 * @param cpuThreads PyTorch's intra-op CPU threads of the thread that ran the stages (the times
 *     depend on it)
 * @param workers 2 when the answer-only arm ran beside the chain arm (stage times then overlap), 1
 *     when every stage ran in turn
 */
public record DemoResult(
    DemoConfig config,
    Path out,
    Map<String, Double> stageSeconds,
    Map<String, ModelEval> evals,
    Map<String, TrainSummary> training,
    int longestChainTokens,
    int evalMaxTokens,
    Map<String, List<PerceptionItem>> perception,
    int cpuThreads,
    int workers) {}
