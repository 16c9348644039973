/**
 * Runs JMH benchmarks programmatically ({@link org.openjdk.jmh.runner.Runner}) and reports them:
 * JMH's JSON result file, a Markdown table (benchmark, parameters, score ± error, unit, reference
 * figure) and a description of the machine. Used by {@link org.robustr1.bench.runner.BenchCommand} ({@code bin/robustr1-bench}).
 */
package org.robustr1.bench.runner;
