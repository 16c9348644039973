/**
 * The Robust-R1 training-set builder: A-OKVQA questions ({@code aokvqa_v1p0_{split}.json}) and COCO
 * images ({@code {split}2017/{image_id:012d}.jpg}) become degraded images, a {@code train.jsonl} in
 * the official row format with full reasoning chains (or answers only), and a {@code
 * degradations.jsonl} manifest from which the images can be re-made.
 *
 * <p>Entry point: {@link org.robustr1.degrade.dataset.DatasetBuilder}. The chain sections come from
 * the degradation record (TYPE), an {@link org.robustr1.degrade.dataset.InfluenceAnnotator}
 * (INFLUENCE: {@link org.robustr1.degrade.dataset.TemplateInfluenceAnnotator} or {@link
 * org.robustr1.degrade.dataset.ChatCompletionsInfluenceAnnotator}), the A-OKVQA rationales
 * (REASONING) and the correct choice (CONCLUSION, ANSWER); see {@link
 * org.robustr1.degrade.dataset.DatasetRows}.
 */
package org.robustr1.degrade.dataset;
