/**
 * R-Bench (Q-Future): the answer key (GBK CSV), model-output and scored result files, the
 * official inference and judge prompts, pluggable judges, and absolute / relative robustness by
 * task type, strength, type x strength, capture-chain step and low-level group.
 */
package org.robustr1.eval.rbench;
