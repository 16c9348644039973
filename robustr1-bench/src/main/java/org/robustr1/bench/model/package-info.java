/**
 * JMH benchmarks of the Qwen2.5-VL port: vision tower, prefill and decode with and without KV cache;
 * {@link org.robustr1.bench.model.GenerateRssBenchmark} tracks process RSS over repeated generation.
 */
package org.robustr1.bench.model;
