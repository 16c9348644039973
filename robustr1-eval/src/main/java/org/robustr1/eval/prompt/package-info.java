/**
 * Prompt builders: VLMEvalKit's {@code ImageMCQDataset.build_prompt} (the dataset default) and
 * model-specific overrides such as the Robust-R1 chain instruction.
 */
package org.robustr1.eval.prompt;
