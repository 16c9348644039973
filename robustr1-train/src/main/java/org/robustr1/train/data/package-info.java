/**
 * Training data: the Robust-R1 {@code train.jsonl} rows with images confined to an image root,
 * bad-row policy, image loading and a deterministic per-epoch order.
 */
package org.robustr1.train.data;
