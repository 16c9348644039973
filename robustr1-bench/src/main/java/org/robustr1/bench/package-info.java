/**
 * JMH benchmarks of robustr1-java. Each subpackage measures one concern; the {@code runner}
 * subpackage runs a selection programmatically and writes JMH's JSON plus a Markdown summary.
 *
 * <p>Run everything with {@code java -jar robustr1-bench/target/benchmarks.jar}, list with {@code
 * -l}, select with a regular expression ({@code java -jar benchmarks.jar 'chain.*parse'}), or use
 * {@code bin/robustr1-bench [--quick] [--include REGEX] [--out DIR]} ({@link
 * org.robustr1.bench.runner.BenchCommand}). See {@code docs/benchmarks.md}.
 */
package org.robustr1.bench;
