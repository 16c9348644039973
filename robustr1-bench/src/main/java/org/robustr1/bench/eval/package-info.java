/** JMH benchmarks of the evaluation code: answer matching and R-Bench robustness. */
package org.robustr1.bench.eval;
