package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;
import org.robustr1.core.provenance.BuildInfo;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.GenerationConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How the command line behaves for a user: one line and exit code 2 for bad input, exit code 1 and
 * a stack trace only with --debug for internal errors, quiet logs, Ctrl-C, enums, --version and
 * completion.
 */
class CliBehaviourTest {

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    /** The non-empty lines of standard error. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(RobustR1Command.commandLine(), args);
  }

  /** Runs {@code args} with standard output and error both into {@code out}; returns the exit code. */
  static int run(StringWriter out, String... args) {
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    return cl.execute(args);
  }

  private Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
  }

  /** A copy of the golden checkpoint folder that the test may damage. */
  private Path goldenCopy() throws IOException {
    Path g = golden();
    Path m = Files.createDirectories(dir.resolve("m"));
    for (String f : List.of("config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json",
        "tokenizer_config.json")) {
      Files.copy(g.resolve(f), m.resolve(f));
      m.resolve(f).toFile().setWritable(true);
    }
    return m;
  }

  /** train.jsonl with {@code rows} rows over one 56x56 image under {@code dir/imgs}. */
  static Path trainData(Path dir, String name, List<String> rows) throws IOException {
    Path imgs = Files.createDirectories(dir.resolve("imgs"));
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(56, 56, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(img, "png", imgs.resolve("a.png").toFile());
    Path f = dir.resolve(name);
    Files.write(f, rows, StandardCharsets.UTF_8);
    return f;
  }

  static final String ROW = "{\"image\": \"a.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>Colour?\"},"
      + " {\"from\": \"gpt\", \"value\": \"<TYPE>motion blur(0.45)<TYPE_END><ANSWER>0<ANSWER_END>\"}]}";

  @Test
  void aMissingModelFolderIsOneLineAndExitCodeTwo() {
    Run r = run("generate", "--model", "/nonexistent", "--question", "hi");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("robustr1 generate: --model /nonexistent is not a directory");
  }

  @Test
  void negativeThreadsAreOneLineAndExitCodeTwo() {
    Run r = run("pretrain", "--out", dir.resolve("pt").toString(), "--threads", "-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("--threads must be >= 1, or 0 for PyTorch's default; got -1");
    assertThat(dir.resolve("pt")).doesNotExist();
  }

  @Test
  void pretrainFromAFolderThatIsNoStageBIsOneLineAndExitCodeTwo() throws Exception {
    Path notStageB = Files.createDirectories(dir.resolve("not-stage-b"));
    Run r = run("pretrain", "--out", dir.resolve("pt").toString(), "--stage-b", notStageB.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("robustr1 pretrain: " + notStageB + " is not a finished stage B")
        .endsWith("provenance.json is missing");
  }

  @Test
  void aTruncatedSafetensorsFileIsOneLineNamingFileAndTensor() throws Exception {
    Path m = goldenCopy();
    Path w = m.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(w);
    Files.write(w, java.util.Arrays.copyOf(all, all.length / 2));
    Run r = run("generate", "--model", m.toString(), "--question", "hi", "--max-new-tokens", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("robustr1 generate: " + w + ": tensor ").contains("truncated");
  }

  @Test
  void aTokenizerWithoutItsModelIsOneLineNamingFileAndField() throws Exception {
    Path m = goldenCopy();
    Files.writeString(m.resolve("tokenizer.json"), "{}");
    Run r = run("generate", "--model", m.toString(), "--question", "hi", "--max-new-tokens", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains(m.resolve("tokenizer.json") + ": missing field 'model'");
  }

  @Test
  void anOutFolderThatIsAFileIsRefusedBeforeAnythingLoads() throws Exception {
    Path data = trainData(dir, "train.jsonl", List.of(ROW));
    Path file = Files.writeString(dir.resolve("taken"), "x");
    Run r = run("sft", "--data", data.toString(), "--images", dir.resolve("imgs").toString(), "--model",
        dir.resolve("no-model").toString(), "--out", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .isEqualTo("robustr1 sft: --out " + file + " is a file; give a folder (new or existing)");
  }

  @Test
  void aLatin1TrainJsonlNamesFileAndLine() throws Exception {
    Path data = trainData(dir, "train.jsonl", List.of(ROW));
    Files.write(data, (ROW + "\n" + ROW.replace("Colour?", "Couleur du caf\u00e9?") + "\n").getBytes(StandardCharsets.ISO_8859_1));
    Run r = run("sft", "--data", data.toString(), "--images", dir.resolve("imgs").toString(), "--model",
        dir.resolve("no-model").toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("robustr1 sft: " + data + ": not UTF-8 at line 2 (byte 0xE9").endsWith("re-save it as UTF-8");
  }

  @Test
  void badNumbersAreRefusedBeforeAnyModelLoads() throws Exception {
    Path tsv = Files.writeString(dir.resolve("MMStar.tsv"), "index\tquestion\tA\tB\tanswer\timage\n");
    Run r = run("eval", "--bench", "mmstar", "--data", tsv.toString(), "--model", dir.resolve("none").toString(),
        "--batch-size", "0", "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("robustr1 eval: --batch-size must be at least 1, got 0");
    assertThat(dir.resolve("o")).doesNotExist();
    Run both = run("eval", "--bench", "mmstar", "--data", tsv.toString(), "--out", dir.resolve("o").toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.errLines()).containsExactly("robustr1 eval: give the model under test: --endpoint URL or --model DIR");
  }

  @Test
  void aTooSmallImageIsRefusedBeforeTheModelLoads() throws Exception {
    Path img = dir.resolve("dot.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
        img.toFile());
    Path m = Files.createDirectories(dir.resolve("m"));
    Run r = run("generate", "--model", m.toString(), "--image", img.toString(), "--question", "hi");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("robustr1 generate: " + img + ": image 1x1 (WxH) is too small");
  }

  @Command(name = "boom")
  static final class Boom implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException("a bug");
    }
  }

  @Test
  void anInternalErrorIsExitCodeOneWithTheTraceOnlyWithDebug() {
    CommandLine cl = RobustR1Command.commandLine();
    cl.addSubcommand(new Boom());
    Run r = run(cl, "boom");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).containsExactly(
        "robustr1 boom: internal error: java.lang.IllegalStateException: a bug (rerun with --debug for the stack trace)");
    CommandLine cl2 = RobustR1Command.commandLine();
    cl2.addSubcommand(new Boom());
    Run d = run(cl2, "boom", "--debug");
    assertThat(d.code()).isEqualTo(1);
    assertThat(d.err()).contains("at org.robustr1.cli.CliBehaviourTest$Boom.run");
  }

  @Test
  void enumValuesAreCaseInsensitive() {
    Path g = golden();
    Run r = run("sft", "--model", g.toString(), "--schedule", "cosine", "--prompt-style", "raw", "--estimate-memory");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void versionComesFromTheBuild() {
    Run r = run("--version");
    BuildInfo b = BuildInfo.current();
    assertThat(r.out()).contains("robustr1 " + b.version()).contains("commit " + b.commit())
        .contains("DJL " + b.djlVersion() + ", PyTorch " + b.pytorchVersion());
    assertThat(b.version()).doesNotContain("${");
  }

  @Test
  void completionPrintsABashScriptOfEveryCommand() {
    Run r = run("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("generate").contains("--max-new-tokens").contains("eval-set");
  }

  @Test
  void generateWithTheRobustR1PromptSamplesAsTheOfficialApp() {
    GenerateCommand g = new GenerateCommand();
    new CommandLine(g).parseArgs("--model", "m", "--question", "q", "--prompt", "robust-r1");
    SamplingConfig s = g.appSampling(GenerationConfig.parse("{\"top_k\": 20, \"top_p\": 0.8, \"repetition_penalty\": 1.05}", "g"));
    assertThat(s.maxNewTokens()).isEqualTo(1024);
    assertThat(s.temperature()).isEqualTo(0.6);
    assertThat(s.topK()).isEqualTo(20);
    assertThat(s.topP()).isEqualTo(0.8);
    assertThat(s.repetitionPenalty()).isEqualTo(1.05);
    assertThat(g.decoding.isDefault()).isTrue();
  }

  /** Runs the command line's main in a new JVM. */
  static Process launch(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), RobustR1Command.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  @Test
  void generateOnAGoodModelPrintsNoDjlOrCudaOrPyTorchLogLines() throws Exception {
    Path g = golden();
    String[] args = {"generate", "--model", g.toString(), "--image", g.resolve("image_0.png").toString(), "--question",
        "hi", "--max-new-tokens", "2"};
    Process p = launch(dir, args);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(Files.readString(dir.resolve("stdout.txt"))).isNotBlank();
    assertThat(err).doesNotContain("INFO").doesNotContain("WARN").doesNotContain("CudaUtils")
        .doesNotContain("GPU count").doesNotContain("AutoNonVariableTypeMode");
    String[] verbose = java.util.stream.Stream.concat(java.util.stream.Stream.of(args), java.util.stream.Stream.of("--verbose"))
        .toArray(String[]::new);
    Process v = launch(dir, verbose);
    assertThat(v.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("INFO ai.djl.pytorch.engine.PtEngine");
  }

  @Test
  void aResumedTrainingPrintsNoPyTorchDeprecationWarning() throws Exception {
    Path g = golden();
    Path data = trainData(dir, "train.jsonl", List.of(ROW));
    String[] first = {"sft", "--model", g.toString(), "--data", data.toString(), "--images", dir.resolve("imgs").toString(),
        "--out", dir.resolve("run").toString(), "--max-steps", "1", "--grad-accum", "1", "--save-steps", "1", "--no-progress"};
    Process p = launch(dir, first);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
    List<String> forced = new ArrayList<>(List.of(first));
    forced.set(forced.indexOf("--max-steps") + 1, "2");
    forced.add("--resume-force");
    Process r = launch(dir, forced.toArray(String[]::new));
    assertThat(r.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertThat(r.exitValue()).as(err).isZero();
    assertThat(err).contains("resuming SFT from").doesNotContain("AutoNonVariableTypeMode").doesNotContain("CudaUtils");
  }

  @Test
  void ctrlCSaysHowToResumeAndExitsWith130() throws Exception {
    assumeFalse(sigintIgnored(), "this JVM ignores SIGINT (started in the background of a non-interactive shell or under"
        + " nohup), and the command it launches inherits that, so Ctrl-C cannot be simulated; run the tests in the foreground");
    CountDownLatch asked = new CountDownLatch(1);
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setExecutor(Executors.newCachedThreadPool());
    s.createContext("/v1/chat/completions", ex -> {
      asked.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    s.start();
    try {
      Path tsv = EvalConcurrencyTest.mmstar(dir, 2);
      Process p = launch(dir, "eval", "--bench", "mmstar", "--data", tsv.toString(), "--endpoint",
          "http://127.0.0.1:" + s.getAddress().getPort() + "/v1", "--out", dir.resolve("o").toString());
      assertThat(asked.await(60, TimeUnit.SECONDS)).isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(130);
      assertThat(Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8))
          .contains("interrupted — rerun the same command to resume");
    } finally {
      s.stop(0);
    }
  }

  /**
   * Whether this JVM was started with SIGINT ignored (Linux {@code /proc/self/status}, {@code SigIgn}
   * bit 1): a shell starts background jobs that way, and the JVM then installs no Ctrl-C handler.
   */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }
}
