/**
 * R-Bench end to end (MCQ, VQA and CAP on reference and distorted images), as the official
 * notebook runs it: the published {@code All.parquet} or the notebook's folder layout ({@link
 * org.robustr1.eval.rbench.full.RBenchData}), generation on both images, the notebook's LLM judge
 * procedure with every reply cached, the official {@code exp/} and {@code result/} files, and the
 * absolute / relative robustness tables ({@link org.robustr1.eval.rbench.full.RBenchFullRun}).
 *
 * <p>Parquet library: Apache parquet-java ({@code parquet-hadoop} 1.16), the reference Java
 * implementation, kept by the Parquet project. It reads through {@code LocalInputFile} without a
 * Hadoop file system; two Hadoop jars (hadoop-common for {@code Configuration}, and
 * hadoop-mapreduce-client-core for {@code FileInputFormat}, which {@code ParquetReadOptions} still
 * loads) come in without any of their own dependencies, and page compression goes through {@link
 * org.robustr1.eval.rbench.full.ParquetCodecs} instead of Hadoop's codecs. Measured: the CLI jar
 * grows from 263.5 to 289.6 MB (+26.1 MB: parquet-java 9.2 MB with its shaded Jackson, Hadoop 6.5
 * MB, zstd-jni 7.4 MB, snappy-java 2.3 MB, jts-core 1.2 MB); robustr1-bench excludes them. The
 * alternative, DuckDB's JDBC driver, is one 81 MB jar of native libraries.
 */
package org.robustr1.eval.rbench.full;
