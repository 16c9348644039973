package org.robustr1.bench.runner;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One row of a benchmark run: a benchmark method with one combination of {@code @Param} values and
 * its primary score.
 *
 * @param benchmark the fully qualified benchmark method, e.g. {@code
 *     org.robustr1.bench.chain.ChainBenchmark.parse}
 * @param mode JMH's short mode label ({@code avgt}, {@code thrpt}, {@code ss}, {@code sample})
 * @param params the {@code @Param} values, in declaration order
 * @param score the primary score
 * @param error the half-width of the 99.9 % confidence interval, NaN when JMH had too few
 *     iterations to compute one
 * @param unit the score unit, e.g. {@code us/op}
 */
public record BenchResult(
    String benchmark, String mode, ImmutableMap<String, String> params, double score, double error, String unit) {

  /** Validates and copies. */
  public BenchResult {
    requireNonNull(benchmark, "benchmark");
    requireNonNull(mode, "mode");
    params = ImmutableMap.copyOf(requireNonNull(params, "params"));
    requireNonNull(unit, "unit");
  }

  /** The row of a JMH run result. */
  public static BenchResult of(RunResult run) {
    BenchmarkParams p = run.getParams();
    ImmutableMap.Builder<String, String> params = ImmutableMap.builder();
    for (String key : p.getParamsKeys()) {
      params.put(key, p.getParam(key));
    }
    Result<?> primary = run.getPrimaryResult();
    return new BenchResult(
        p.getBenchmark(),
        p.getMode().shortLabel(),
        params.build(),
        primary.getScore(),
        primary.getScoreError(),
        primary.getScoreUnit());
  }

  /**
   * The rows of a JMH JSON result file ({@code -rf json}, or {@code results.json} of {@code
   * bin/robustr1-bench}).
   *
   * @throws IOException if the file cannot be read or is not JMH JSON (the message names the file
   *     and the entry)
   */
  public static ImmutableList<BenchResult> readJson(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + ": not readable as JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + ": expected a JSON array of JMH results");
    }
    ImmutableList.Builder<BenchResult> out = ImmutableList.builder();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      JsonNode metric = n.path("primaryMetric");
      if (!n.path("benchmark").isTextual() || !metric.path("score").isNumber()) {
        throw new IOException(
            file + ": entry " + i + " lacks 'benchmark' or 'primaryMetric.score' (not JMH JSON?)");
      }
      ImmutableMap.Builder<String, String> params = ImmutableMap.builder();
      for (Map.Entry<String, JsonNode> e : n.path("params").properties()) {
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode err = metric.path("scoreError");
      out.add(
          new BenchResult(
              n.get("benchmark").asText(),
              n.path("mode").asText("?"),
              params.build(),
              metric.get("score").asDouble(),
              err.isNumber() ? err.asDouble() : Double.NaN,
              metric.path("scoreUnit").asText("?")));
    }
    return out.build();
  }

  /** The benchmark without the {@code org.robustr1.bench.} prefix: {@code chain.ChainBenchmark.parse}. */
  public String shortName() {
    String prefix = "org.robustr1.bench.";
    return benchmark.startsWith(prefix) ? benchmark.substring(prefix.length()) : benchmark;
  }

  /** The parameters as {@code k=v, k=v}, or the empty string. */
  public String paramsText() {
    StringBuilder sb = new StringBuilder();
    params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** The value of parameter {@code key}, or null. */
  public String param(String key) {
    checkArgument(key != null, "key is null");
    return params.get(key);
  }
}
