/** JMH benchmarks of the official Robust-R1 degradation ops (compare with degradation.md §5.2). */
package org.robustr1.bench.degrade;
