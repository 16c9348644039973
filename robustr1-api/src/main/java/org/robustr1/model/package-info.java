/**
 * The model-facing API: prompts, sampling settings, generations and the model interface.
 *
 * <p>These types live in their own module, {@code robustr1-api}, rather than in {@code
 * robustr1-model}, so that code which only talks to a model — the benchmark harnesses of {@code
 * robustr1-eval} scoring a served model through {@code OpenAiVisionModel}, a user's own client —
 * resolves no PyTorch engine and no PyTorch or OpenCV natives: the module depends on {@code
 * robustr1-core} and Guava only. They are not in {@code robustr1-core} because core holds the
 * method (degradations, chains, rewards) and knows nothing of models; a separate module keeps it
 * so. The package keeps its name {@code org.robustr1.model} (its only home, no split package:
 * {@code robustr1-model} holds the sub-packages {@code org.robustr1.model.qwen}, {@code .nn},
 * ...), so no caller's imports changed when the types moved.
 */
package org.robustr1.model;
