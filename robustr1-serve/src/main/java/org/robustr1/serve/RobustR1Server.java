package org.robustr1.serve;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.robustr1.serve.generate.Generator;
import org.robustr1.serve.openai.ChatRequest;
import org.robustr1.serve.openai.OpenAiError;
import org.robustr1.serve.page.PageApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Robust-R1 server: OpenAI's {@code POST /v1/chat/completions} (whole or streamed), {@code GET
 * /v1/models} and {@code GET /health} for one model and an optional baseline, and the web page at
 * {@code /} with its {@code /api/} (examples, server-side degradation, chain parsing).
 *
 * <p>Limits: at most {@code queueSize} requests are admitted at once over all models (waiting or
 * generating; more get 429 with {@code Retry-After}); bodies over {@code maxBodyBytes} and images
 * over {@code maxImagePixels} get 413; every request ends within {@code requestTimeout} (504). Each
 * model runs on one worker thread, batching waiting greedy requests (see {@code ModelWorker}).
 * {@link #close()} stops cleanly: new requests get 503, waiting ones 503, running generations may
 * finish within the shutdown grace, then the models are closed.
 *
 * <pre>{@code
 * try (RobustR1Server server = RobustR1Server.builder()
 *     .setModel(Generator.of(Qwen25VlModel.load(dir), 4)).optPort(7862).build()) {
 *   server.start();
 *   ...
 * }
 * }</pre>
 */
public final class RobustR1Server implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RobustR1Server.class);

  private final ServeConfig config;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, ModelWorker> workers = new LinkedHashMap<>();
  private final ModelWorker main;
  private final ModelWorker baseline;
  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final Semaphore admitted;
  private final ImageInputs images;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger served = new AtomicInteger();
  /** Exchanges being handled now. */
  private final AtomicInteger active = new AtomicInteger();

  private RobustR1Server(Builder b) throws IOException {
    this.config = new ServeConfig(b.host, b.port, b.queueSize, b.maxBodyBytes, b.maxImagePixels, b.pageMaxPixels,
        b.requestTimeout, b.allowRemoteImages, b.defaultMaxTokens, b.maxTokensLimit, b.shutdownGrace);
    this.admitted = new Semaphore(config.queueSize());
    this.images = new ImageInputs(config.maxImagePixels(), config.maxBodyBytes(), config.allowRemoteImages());
    this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
    int threads = config.queueSize() + 16;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "robustr1-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    this.main = new ModelWorker(b.model);
    workers.put(b.model.name(), main);
    this.baseline = b.baseline == null ? null : new ModelWorker(b.baseline);
    if (baseline != null) {
      workers.put(b.baseline.name(), baseline);
    }
    ChatHandler chat = new ChatHandler(this, mapper);
    PageApi page = new PageApi(mapper, main.generator().name(), baseline == null ? null : baseline.generator().name(),
        (url, field) -> images.load(new ChatRequest.ImagePart(url, field)), config.pageMaxPixels(),
        config.defaultMaxTokens());
    http.createContext("/v1/chat/completions", ex -> serve(ex, chat::handle));
    http.createContext("/v1/models", ex -> serve(ex, this::models));
    http.createContext("/health", ex -> serve(ex, this::health));
    http.createContext("/api/", ex -> serve(ex, e -> send(e, page.api(e.getRequestMethod(), e.getRequestURI().getPath(),
        HttpIo.readBody(e, config.maxBodyBytes())))));
    http.createContext("/", ex -> serve(ex, e -> send(e, page.staticFile(e.getRequestURI().getPath()))));
    http.setExecutor(executor);
  }

  /** A builder; {@link Builder#setModel} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving. */
  public void start() {
    http.start();
    LOG.info("serving {} at {}", workers.keySet(), baseUrl());
  }

  /** The bound address (the real port when 0 was asked). */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /** {@code http://host:port/}. */
  public URI baseUrl() {
    InetSocketAddress a = address();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /** Chat completions answered so far. */
  public int served() {
    return served.get();
  }

  ServeConfig config() {
    return config;
  }

  ImageInputs images() {
    return images;
  }

  /** The worker of a requested model name (null or {@code default}: the main model). */
  ModelWorker worker(String name) {
    if (name == null || name.isEmpty() || name.equals("default")) {
      return main;
    }
    ModelWorker w = workers.get(name);
    if (w == null) {
      throw new OpenAiError(404, "invalid_request_error", "model_not_found", "model",
          "the model '" + name + "' does not exist; this server has " + String.join(", ", workers.keySet()));
    }
    return w;
  }

  /** Takes a place in the queue; false when it is full. */
  boolean admit() {
    if (stopping.get()) {
      throw ModelWorker.shuttingDown();
    }
    return admitted.tryAcquire();
  }

  /** Gives back a place taken by {@link #admit()}. */
  void release() {
    admitted.release();
    served.incrementAndGet();
  }

  long retryAfterSeconds() {
    return Math.max(1, Math.min(600, main.estimateSeconds(0)));
  }

  /** An exchange handler that may throw. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private void serve(HttpExchange ex, Handler h) {
    long t0 = System.nanoTime();
    int status = 200;
    active.incrementAndGet();
    try {
      h.handle(ex);
    } catch (OpenAiError e) {
      status = e.status();
      respond(ex, e);
    } catch (IOException e) {
      LOG.info("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
      status = -1;
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
      status = 500;
      respond(ex, new OpenAiError(500, "server_error", null, null, "internal error: " + e));
    } finally {
      ex.close();
      active.decrementAndGet();
      if (!ex.getRequestURI().getPath().equals("/health")) {
        LOG.info("{} {} {} {} ms", ex.getRequestMethod(), ex.getRequestURI().getPath(),
            status == -1 ? "aborted" : ex.getResponseCode() > 0 ? ex.getResponseCode() : status,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    }
  }

  private void respond(HttpExchange ex, OpenAiError e) {
    if (ex.getResponseCode() != -1) {
      return;
    }
    try {
      HttpIo.sendError(ex, e, mapper);
    } catch (IOException io) {
      LOG.debug("could not send {}: {}", e.status(), io.toString());
    }
  }

  private static void send(HttpExchange ex, PageApi.Response r) throws IOException {
    HttpIo.send(ex, 200, r.contentType(), r.body());
  }

  private void models(HttpExchange ex) throws IOException {
    requireGet(ex);
    ObjectNode root = mapper.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    long created = System.currentTimeMillis() / 1000;
    for (String name : workers.keySet()) {
      ObjectNode m = data.addObject();
      m.put("id", name);
      m.put("object", "model");
      m.put("created", created);
      m.put("owned_by", "robustr1");
    }
    HttpIo.sendJson(ex, 200, root, mapper);
  }

  private void health(HttpExchange ex) throws IOException {
    requireGet(ex);
    ObjectNode root = mapper.createObjectNode();
    boolean down = stopping.get();
    root.put("status", down ? "stopping" : "ok");
    root.put("admitted", config.queueSize() - admitted.availablePermits());
    root.put("queue_size", config.queueSize());
    root.put("served", served.get());
    ArrayNode ws = root.putArray("models");
    workers.forEach((name, w) -> {
      ObjectNode o = ws.addObject();
      o.put("id", name);
      o.put("waiting", w.waiting());
      o.put("running", w.runningCount());
      o.put("max_batch", w.generator().maxBatch());
      long[] b = w.batchStats();
      o.put("batches", b[0]);
      o.put("batched_rows", b[1]);
      o.put("cancelled_rows", w.cancelledRows());
    });
    HttpIo.sendJson(ex, down ? 503 : 200, root, mapper);
  }

  private static void requireGet(HttpExchange ex) {
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET");
      throw new OpenAiError(405, "invalid_request_error", "method_not_allowed", null,
          ex.getRequestMethod() + " is not allowed on " + ex.getRequestURI().getPath() + "; use GET");
    }
  }

  /**
   * Stops cleanly: new and waiting requests get 503, running generations may finish within the
   * shutdown grace (then end with 503), responses in progress get two more seconds, then the
   * listener and the models are closed. Idempotent.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("stopping: {} request(s) admitted", config.queueSize() - admitted.availablePermits());
    List<ModelWorker> all = new ArrayList<>(workers.values());
    all.forEach(ModelWorker::beginClose);
    all.forEach(w -> w.awaitClose(config.shutdownGrace()));
    // every job has ended: give the request threads up to two seconds to write their last bytes
    // (HttpServer.stop(n) of JDK 17 waits the whole n seconds even when nothing is left)
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (active.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop(0);
    executor.shutdownNow();
    LOG.info("stopped after {} chat completion request(s)", served.get());
  }

  /** Builder: {@code setX} for required values, {@code optX} for the rest. */
  public static final class Builder {
    private Generator model;
    private Generator baseline;
    private String host = "127.0.0.1";
    private int port = 7862;
    private int queueSize = 16;
    private long maxBodyBytes = 20L << 20;
    private long maxImagePixels = 50_000_000L;
    private long pageMaxPixels = 1L << 20;
    private Duration requestTimeout = Duration.ofMinutes(5);
    private boolean allowRemoteImages;
    private int defaultMaxTokens = 1024;
    private int maxTokensLimit = 4096;
    private Duration shutdownGrace = Duration.ofSeconds(10);

    private Builder() {}

    /** The model (required); requests without {@code model}, or with {@code default}, go to it. */
    public Builder setModel(Generator model) {
      this.model = requireNonNull(model, "model");
      return this;
    }

    /** A second model the page shows beside the first (default none). */
    public Builder optBaseline(Generator baseline) {
      this.baseline = baseline;
      return this;
    }

    /** The address to bind (default 127.0.0.1; 0.0.0.0 for every interface). */
    public Builder optHost(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** The port (default 7862, as Robust-R1's app.py; 0 picks a free one). */
    public Builder optPort(int port) {
      checkArgument(port >= 0 && port <= 65535, "port must be 0..65535, got %s", port);
      this.port = port;
      return this;
    }

    /** Requests admitted at once over all models, waiting or generating (default 16). */
    public Builder optQueueSize(int n) {
      checkArgument(n >= 1, "queue size must be >= 1, got %s", n);
      this.queueSize = n;
      return this;
    }

    /** The largest request body in bytes (default 20 MiB). */
    public Builder optMaxBodyBytes(long n) {
      checkArgument(n >= 1024, "max body bytes must be >= 1024, got %s", n);
      this.maxBodyBytes = n;
      return this;
    }

    /** The most pixels an image may have to be decoded at all (default 50,000,000). */
    public Builder optMaxImagePixels(long n) {
      checkArgument(n >= 1, "max image pixels must be >= 1, got %s", n);
      this.maxImagePixels = n;
      return this;
    }

    /** The page downscales uploads to at most this area before degrading (default 1,048,576). */
    public Builder optPageMaxPixels(long n) {
      checkArgument(n >= 3136, "page max pixels must be >= 3136, got %s", n);
      this.pageMaxPixels = n;
      return this;
    }

    /** The most a request may take, queueing included (default 5 min). */
    public Builder optRequestTimeout(Duration d) {
      checkArgument(d.compareTo(Duration.ofMillis(1)) >= 0, "request timeout must be positive, got %s", d);
      this.requestTimeout = d;
      return this;
    }

    /** Whether http(s) image URLs are fetched (default false: only data: URLs). */
    public Builder optAllowRemoteImages(boolean allow) {
      this.allowRemoteImages = allow;
      return this;
    }

    /** {@code max_tokens} when a request gives none (default 1024, as app.py). */
    public Builder optDefaultMaxTokens(int n) {
      checkArgument(n >= 1, "default max tokens must be >= 1, got %s", n);
      this.defaultMaxTokens = n;
      return this;
    }

    /** The largest {@code max_tokens} accepted (default 4096). */
    public Builder optMaxTokensLimit(int n) {
      checkArgument(n >= 1, "max tokens limit must be >= 1, got %s", n);
      this.maxTokensLimit = n;
      return this;
    }

    /** How long a running generation may go on after {@link #close()} (default 10 s). */
    public Builder optShutdownGrace(Duration d) {
      checkArgument(!d.isNegative(), "shutdown grace must not be negative, got %s", d);
      this.shutdownGrace = d;
      return this;
    }

    /**
     * Binds the port and builds the server (not yet serving: {@link RobustR1Server#start()}).
     *
     * @throws IOException when the address cannot be bound (naming it)
     */
    public RobustR1Server build() throws IOException {
      checkState(model != null, "setModel is required");
      checkArgument(baseline == null || !baseline.name().equals(model.name()),
          "the baseline needs another name than the model ('%s'); both would answer to it", model.name());
      try {
        return new RobustR1Server(this);
      } catch (java.net.BindException e) {
        throw new java.net.BindException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
            + " (is another server running there? choose another --port)");
      }
    }
  }
}
