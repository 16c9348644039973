package org.robustr1.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.serve.RobustR1Server;
import org.robustr1.serve.generate.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 serve}: an OpenAI-compatible server and the web page for a local checkpoint (and
 * a baseline beside it), until SIGINT or SIGTERM ({@link RobustR1Server}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a Qwen2.5-VL / Robust-R1 checkpoint over OpenAI's /v1/chat/completions (streaming",
      "included) with a web page at / that degrades an image and shows the parsed reasoning chain.",
      "Stops cleanly on Ctrl-C / SIGTERM."
    })
public final class ServeCommand implements Callable<Integer> {

  /** The default image bound of a served model: 1280 x 28 x 28 pixels, Qwen's recommended limit. */
  static final long DEFAULT_MAX_PIXELS = 1280L * 28 * 28;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Hugging Face checkpoint directory to serve")
  Path model;

  @Option(names = "--baseline", description = "a second checkpoint the page answers with beside --model")
  Path baseline;

  @Option(names = "--served-model-name", description = "the name clients ask for (default: the --model folder's name)")
  String servedName;

  @Option(names = "--baseline-name", description = "the baseline's name (default: its folder's name, or 'baseline' when that is the model's)")
  String baselineName;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind; 0.0.0.0 for every interface (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "7862", description = "port, 0 for a free one (default ${DEFAULT-VALUE}, as Robust-R1's app.py)")
  int port;


  @Option(names = "--max-batch", defaultValue = "4", description = "most concurrent greedy requests generated as one batch, 1 = off (default ${DEFAULT-VALUE})")
  int maxBatch;

  @Option(names = "--queue-size", defaultValue = "16", description = "requests admitted at once, waiting or generating; more get 429 (default ${DEFAULT-VALUE})")
  int queueSize;

  @Option(names = "--max-body-bytes", defaultValue = "20971520", description = "largest request body; larger get 413 (default ${DEFAULT-VALUE}, 20 MiB)")
  long maxBodyBytes;

  @Option(names = "--max-image-pixels", defaultValue = "50000000", description = "largest image decoded at all (from its header); larger get 413 (default ${DEFAULT-VALUE})")
  long maxImagePixels;

  @Option(names = "--page-max-pixels", defaultValue = "1048576", description = "the page downscales uploads to this area before degrading them (default ${DEFAULT-VALUE})")
  long pageMaxPixels;

  @Option(names = "--request-timeout", defaultValue = "300", paramLabel = "SECONDS", description = "most seconds a request may take, queueing included; then 504 (default ${DEFAULT-VALUE})")
  long requestTimeout;

  @Option(names = "--shutdown-grace", defaultValue = "10", paramLabel = "SECONDS", description = "on SIGINT/SIGTERM, seconds running generations may go on (default ${DEFAULT-VALUE})")
  long shutdownGrace;

  @Option(names = "--allow-remote-images", description = "fetch http(s) image URLs (default: only base64 data: URLs)")
  boolean allowRemoteImages;

  @Option(names = "--default-max-tokens", defaultValue = "1024", description = "max_tokens of a request that gives none (default ${DEFAULT-VALUE}, as app.py)")
  int defaultMaxTokens;

  @Option(names = "--max-tokens-limit", defaultValue = "4096", description = "largest max_tokens accepted (default ${DEFAULT-VALUE})")
  int maxTokensLimit;

  @Mixin ModelOptions modelOptions;

  /** Counted down once the server is up (tests wait on it). */
  final CountDownLatch started = new CountDownLatch(1);
  /** Counted down to stop the server (the shutdown hook, or a test). */
  final CountDownLatch stop = new CountDownLatch(1);
  volatile RobustR1Server server;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(model)) {
      throw new ParameterException(spec.commandLine(), "--model " + model + " is not a directory");
    }
    if (baseline != null && !Files.isDirectory(baseline)) {
      throw new ParameterException(spec.commandLine(), "--baseline " + baseline + " is not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    Generator main = load(model, servedName);
    Generator base = null;
    try {
      if (baseline != null) {
        String name = baselineName != null ? baselineName
            : baseline.getFileName().toString().equals(main.name()) ? "baseline" : baseline.getFileName().toString();
        base = load(baseline, name);
      }
      server = RobustR1Server.builder().setModel(main).optBaseline(base).optHost(host).optPort(port)
          .optQueueSize(queueSize).optMaxBodyBytes(maxBodyBytes).optMaxImagePixels(maxImagePixels)
          .optPageMaxPixels(pageMaxPixels).optRequestTimeout(Duration.ofSeconds(requestTimeout))
          .optShutdownGrace(Duration.ofSeconds(shutdownGrace)).optAllowRemoteImages(allowRemoteImages)
          .optDefaultMaxTokens(defaultMaxTokens).optMaxTokensLimit(maxTokensLimit).build();
    } catch (IOException | RuntimeException e) {
      main.close();
      if (base != null) {
        base.close();
      }
      throw e;
    }
    Thread hook = new Thread(this::shutdown, "robustr1-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    server.start();
    out.println("robustr1 serve: " + main.name() + (base == null ? "" : " and " + base.name()) + " at "
        + server.baseUrl() + " (OpenAI API at " + server.baseUrl() + "v1; Ctrl-C to stop)");
    out.flush();
    started.countDown();
    stop.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (or ran) shutdown()
    }
    shutdown();
    return 0;
  }

  private synchronized void shutdown() {
    RobustR1Server s = server;
    if (s == null) {
      return;
    }
    server = null;
    s.close();
    PrintWriter out = spec.commandLine().getOut();
    out.println("robustr1 serve: stopped after " + s.served() + " chat completion request(s)");
    out.flush();
    stop.countDown();
  }

  private Generator load(Path dir, String name) throws IOException {
    Qwen25VlModel m = modelOptions.load(dir, null);
    try {
      var proc = m.processor().orElseThrow(() -> new ParameterException(spec.commandLine(),
          dir + " has no tokenizer.json; the server needs the checkpoint's tokenizer"));
      if (modelOptions.maxPixels == null) {
        var c = proc.imageProcessor().config();
        m.setPixelBounds(c.minPixels(), Math.min(c.maxPixels(), Math.max(c.minPixels(), DEFAULT_MAX_PIXELS)));
      }
      return Generator.of(m, name == null ? m.name() : name, maxBatch);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }
}
