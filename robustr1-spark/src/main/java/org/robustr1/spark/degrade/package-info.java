/**
 * Degradation jobs: {@link org.robustr1.spark.degrade.DegradeJob} (the official 25/50/100 %
 * evaluation sets of {@code robustr1 degrade eval-set}) and {@link
 * org.robustr1.spark.degrade.ImageNetCJob} (the ImageNet-C corruptions of {@code robustr1
 * imagenet-c}), over image files or a Parquet table of image bytes. Every output's randomness comes
 * from the base seed and the image id alone, so any partitioning, executor count or task retry
 * gives the bytes the one-machine commands give.
 */
package org.robustr1.spark.degrade;
