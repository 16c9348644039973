package org.robustr1.serve;

import java.time.Duration;

/**
 * The server's limits and defaults (see {@link RobustR1Server.Builder} for each).
 *
 * @param host the address to bind
 * @param port the port (0 picks a free one)
 * @param queueSize requests admitted at once, waiting or generating, over all models
 * @param maxBodyBytes largest request body
 * @param maxImagePixels largest image decoded (checked from its header)
 * @param pageMaxPixels the page's uploads are downscaled to at most this area before degrading
 * @param requestTimeout the most a request may take, queueing included
 * @param allowRemoteImages whether http(s) image URLs are fetched
 * @param defaultMaxTokens {@code max_tokens} when a request gives none
 * @param maxTokensLimit the largest {@code max_tokens} accepted
 * @param shutdownGrace how long a running generation may go on after a stop signal
 */
record ServeConfig(
    String host,
    int port,
    int queueSize,
    long maxBodyBytes,
    long maxImagePixels,
    long pageMaxPixels,
    Duration requestTimeout,
    boolean allowRemoteImages,
    int defaultMaxTokens,
    int maxTokensLimit,
    Duration shutdownGrace) {}
