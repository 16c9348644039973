/** JMH benchmarks of the Qwen2.5-VL port: vision tower, prefill and decode with and without KV cache. */
package org.robustr1.bench.model;
