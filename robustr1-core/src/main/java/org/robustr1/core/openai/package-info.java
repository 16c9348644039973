/**
 * One client of OpenAI-compatible {@code POST {base}/chat/completions} endpoints (OpenAI, vLLM,
 * SGLang, llama.cpp server, Ollama, ...) over {@code java.net.http}: {@link
 * org.robustr1.core.openai.ChatCompletionsClient} builds the request body, retries transient
 * failures under a {@link org.robustr1.core.openai.RetryPolicy} and reads {@code
 * choices[0].message.content}; {@link org.robustr1.core.openai.ChatMessages} builds messages and
 * base64 image data URLs. Used by the INFLUENCE annotator of robustr1-degrade and the model and
 * judge clients of robustr1-eval.
 */
package org.robustr1.core.openai;
