/**
 * Apache Spark jobs for Robust-R1 at scale: the official evaluation sets and ImageNet-C over a
 * cluster ({@link org.robustr1.spark.degrade}), and benchmark evaluation by an endpoint pool or an
 * in-process model per executor ({@link org.robustr1.spark.eval}). Spark itself is provided by the
 * cluster; {@link org.robustr1.spark.SparkCommand} is the {@code spark-submit} entry point.
 */
package org.robustr1.spark;
