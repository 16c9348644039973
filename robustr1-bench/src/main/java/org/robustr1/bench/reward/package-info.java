/** JMH benchmarks of chain parsing and the GRPO rewards. */
package org.robustr1.bench.reward;
