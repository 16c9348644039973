/**
 * What the trainers need from a model: prompt preparation (vision features once per prompt),
 * grouped sampling, teacher-forced log-probabilities with gradients, trainable and frozen
 * parameters, and weight save/load. The Qwen2.5-VL adapter and test policies implement it.
 */
package org.robustr1.train.policy;
