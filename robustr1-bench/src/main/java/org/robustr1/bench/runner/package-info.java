/**
 * Runs JMH benchmarks programmatically ({@link org.openjdk.jmh.runner.Runner}) and reports them:
 * JMH's JSON result file, a Markdown table (benchmark, parameters, score ± error, unit, reference
 * figure) and a description of the machine. Used by the {@code robustr1 bench} command.
 */
package org.robustr1.bench.runner;
