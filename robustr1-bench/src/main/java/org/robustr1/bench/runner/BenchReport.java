package org.robustr1.bench.runner;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BenchRunner#run()} produced.
 *
 * @param results one row per benchmark and parameter combination, in JMH's order
 * @param machine the machine the run started on
 * @param json the JMH JSON result file
 * @param markdown the Markdown summary
 * @param document the document whose generated block was replaced, or null
 */
public record BenchReport(
    ImmutableList<BenchResult> results, MachineInfo machine, Path json, Path markdown, Path document) {

  /** Copies. */
  public BenchReport(List<BenchResult> results, MachineInfo machine, Path json, Path markdown, Path document) {
    this(ImmutableList.copyOf(results), machine, json, markdown, document);
  }
}
