/**
 * An OpenAI-compatible chat-completions client on {@code java.net.http} (vLLM, SGLang, Ollama,
 * LMDeploy, OpenAI), used both as a model under test ({@link
 * org.robustr1.model.VisionLanguageModel}, images sent as base64 data URLs) and as a judge.
 */
package org.robustr1.eval.client;
