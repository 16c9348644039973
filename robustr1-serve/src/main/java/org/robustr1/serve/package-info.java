/**
 * {@code robustr1 serve}: an OpenAI-compatible chat-completions server for Robust-R1 models and a
 * web page that shows the degradation and the model's reasoning ({@link
 * org.robustr1.serve.RobustR1Server}).
 *
 * <h2>Why the JDK's {@code com.sun.net.httpserver.HttpServer}</h2>
 *
 * The server's load is a handful of long requests, each waiting on one model thread, not many
 * short ones: HTTP/1.1 with a thread per exchange, chunked responses for server-sent events and a
 * fixed pool of request threads are all it needs, and the JDK's server has them (it is a supported,
 * exported API of the {@code jdk.httpserver} module since Java 6). It adds nothing to the CLI jar
 * and no dependency for library users, where Jetty (about 2 MB), Netty (about 4 MB) or Javalin
 * (Jetty plus Kotlin's runtime) would. What it lacks is a notification when a client disconnects
 * while its request waits; for streamed requests this package finds out by writing (a comment line
 * every second while queued, then every token), so a streamed generation stops within a token of
 * the client going away. A non-streamed request cannot be told from an idle one until its answer is
 * written, so it runs to its end, bounded by {@code max_tokens} and the request timeout.
 *
 * <h2>What is served</h2>
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: one user turn with text and {@code image_url} parts
 *       (base64 {@code data:} URLs; http(s) only when allowed), {@code temperature}, {@code top_p},
 *       {@code max_tokens}, {@code stop}, {@code seed}, {@code stream} (OpenAI chunks, {@code
 *       include_usage}), {@code n} = 1, vLLM's {@code top_k} and {@code repetition_penalty};
 *       {@code usage} counts; errors in OpenAI's shape ({@code 400} naming the field, {@code 404}
 *       unknown model, {@code 413} body or image too large, {@code 429} queue full with {@code
 *       Retry-After}, {@code 503} shutting down, {@code 504} timed out).
 *   <li>{@code GET /v1/models}, {@code GET /health} (queue and batch counters).
 *   <li>{@code /}: the page; {@code /api/}: its examples, degradations and chain parsing.
 * </ul>
 *
 * <h2>Batching</h2>
 *
 * Concurrent greedy requests are batched: the model's worker takes every waiting greedy request
 * with the same repetition penalty (up to {@code --max-batch}) into one left-padded generation,
 * which the generator already does and which gives each row the tokens it gets alone ({@code
 * GenerationConsistencyTest}); each row stops at its own {@code max_tokens}, stop string or
 * disconnect. A batch runs to its end before the next starts (no continuous batching). Sampled
 * requests run one at a time, since a row's random draws depend on its place in the batch and a
 * seed must give the same answer whatever else is queued.
 */
package org.robustr1.serve;
