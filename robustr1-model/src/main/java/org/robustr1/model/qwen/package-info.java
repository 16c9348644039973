/**
 * The assembled Qwen2.5-VL model on DJL: the vision tower ({@link
 * org.robustr1.model.qwen.VisionTower}), the Qwen2 decoder ({@link
 * org.robustr1.model.qwen.TextModel}), the network named like the checkpoint ({@link
 * org.robustr1.model.qwen.Qwen25VlNetwork}), the index computations of the reference ({@link
 * org.robustr1.model.qwen.VisionLayout}, {@link org.robustr1.model.qwen.RopeIndex}) and the
 * trainer-facing {@link org.robustr1.model.qwen.Qwen25VlModel} (loading, freezing, scoring,
 * generation).
 */
package org.robustr1.model.qwen;
