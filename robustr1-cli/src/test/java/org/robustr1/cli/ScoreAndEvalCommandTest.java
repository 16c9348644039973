package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.robustr1.cli.CliBehaviourTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;
import picocli.CommandLine;

/** {@code robustr1 score} on the golden report_acc table and {@code robustr1 eval} against a stub endpoint. */
class ScoreAndEvalCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void scoreReproducesGoldenAccCsv(@TempDir Path dir) throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path g = SharedData.root().get().resolve("golden/eval/vlmevalkit");
    Path tsv = g.resolve("report_acc_mmbench_style_split.tsv");
    StringWriter sw = new StringWriter();
    int rc = run(sw, "score", "--data", tsv.toString(), "--predictions", tsv.toString(), "--out", dir.toString());
    assertThat(rc).as(sw.toString()).isZero();
    assertThat(Files.readAllLines(dir.resolve("acc.csv")))
        .containsExactlyInAnyOrderElementsOf(Files.readAllLines(g.resolve("report_acc_mmbench_style_split_acc.csv")));
    List<String> items = Files.readAllLines(dir.resolve("items.jsonl"));
    assertThat(items).hasSize(12);
    JsonNode first = JSON.readTree(items.get(0));
    assertThat(first.get("index").asInt()).isEqualTo(1);
    assertThat(first.get("option").asText()).isEqualTo("A");
    assertThat(first.get("hit").asInt()).isEqualTo(1);
  }

  private static HttpServer stub(AtomicInteger calls, java.util.function.Function<String, String> reply) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/v1/chat/completions", ex -> {
      JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
      calls.incrementAndGet();
      JsonNode content = req.get("messages").get(req.get("messages").size() - 1).get("content");
      String text = content.isTextual() ? content.asText() : content.get(content.size() - 1).get("text").asText();
      byte[] out = JSON.writeValueAsBytes(Map.of("choices",
          List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply.apply(text))))));
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    s.start();
    return s;
  }

  @Test
  void scoreReportsMissingItemsAndRefusesEmptyOrForeignPredictions(@TempDir Path dir) throws Exception {
    StringBuilder data = new StringBuilder("index\tquestion\tA\tB\tanswer\n");
    for (int i = 0; i < 20; i++) {
      data.append(i).append("\tQ").append(i).append("?\tyes\tno\t").append(i % 2 == 0 ? "A" : "B").append('\n');
    }
    Path tsv = dir.resolve("Twenty.tsv");
    Files.writeString(tsv, data);
    Path five = dir.resolve("five.jsonl");
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      p.append("{\"index\": ").append(i).append(", \"prediction\": \"").append(i < 3 ? "A" : "B").append("\"}\n");
    }
    Files.writeString(five, p);
    StringWriter sw = new StringWriter();
    assertThat(run(sw, "score", "--data", tsv.toString(), "--predictions", five.toString(), "--out",
        dir.resolve("o").toString())).as(sw.toString()).isZero();
    assertThat(sw.toString())
        .contains("15 of 20 Twenty items have no prediction and are not scored (Overall is over 5): 5, 6, 7")
        .contains("Twenty: 5 of 20 items scored, Overall 0.6000");

    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "");
    StringWriter sw2 = new StringWriter();
    assertThat(run(sw2, "score", "--data", tsv.toString(), "--predictions", empty.toString(), "--out",
        dir.resolve("o2").toString())).isNotZero();
    assertThat(sw2.toString()).contains(empty.toString()).contains("no predictions to score").doesNotContain("nan");

    Path extra = dir.resolve("extra.jsonl");
    Files.writeString(extra, p + "{\"index\": 20, \"prediction\": \"A\"}\n{\"index\": 31, \"prediction\": \"A\"}\n");
    StringWriter sw3 = new StringWriter();
    assertThat(run(sw3, "score", "--data", tsv.toString(), "--predictions", extra.toString(), "--out",
        dir.resolve("o3").toString())).isNotZero();
    assertThat(sw3.toString()).contains("2 of 7 prediction indices are not in dataset Twenty").contains("20, 31");
  }

  @Test
  void scoreWithJudgeUrl(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("d.tsv");
    Files.writeString(tsv, "index\tquestion\tA\tB\tanswer\tprediction\n1\tWhich?\tcat\tdog\tB\tmaybe the second one\n"
        + "2\tWhich?\tcat\tdog\tA\tA\n");
    AtomicInteger calls = new AtomicInteger();
    HttpServer s = stub(calls, text -> "B");
    try {
      StringWriter sw = new StringWriter();
      int rc = run(sw, "score", "--data", tsv.toString(), "--predictions", tsv.toString(), "--out", dir.resolve("o").toString(),
          "--judge", "http://127.0.0.1:" + s.getAddress().getPort() + "/v1", "--matching", "legacy");
      assertThat(rc).as(sw.toString()).isZero();
      assertThat(calls.get()).isEqualTo(1);
      assertThat(Files.readAllLines(dir.resolve("o/acc.csv"))).containsExactly("\"split\",\"Overall\"", "\"none\",\"1.0\"");
    } finally {
      s.stop(0);
    }
  }

  /** A chat-completions stub answering {@code reply} and recording each request's Authorization header. */
  private static HttpServer recordingAuth(List<String> auths, String reply) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/v1/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      synchronized (auths) {
        auths.add(auth == null ? "none" : auth);
      }
      byte[] out = JSON.writeValueAsBytes(Map.of("choices",
          List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply)))));
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    s.start();
    return s;
  }

  @Test
  void theJudgeReceivesTheJudgeKeyEnvValueAndNeverTheModelsOrOpenAiKey(@TempDir Path dir) throws Exception {
    StringBuilder tsv = new StringBuilder("index\tquestion\tA\tB\tanswer\timage\n");
    for (int i = 0; i < 2; i++) {
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "png", bos);
      tsv.append(i).append("\tQ").append(i).append(": which?\tw\tx\tA\t")
          .append(Base64.getEncoder().encodeToString(bos.toByteArray())).append('\n');
    }
    Path data = dir.resolve("MMStar.tsv");
    Files.writeString(data, tsv.toString(), StandardCharsets.UTF_8);
    List<String> modelAuth = new java.util.ArrayList<>();
    List<String> judgeAuth = new java.util.ArrayList<>();
    HttpServer model = recordingAuth(modelAuth, "hard to say, perhaps the first one or the second");
    HttpServer judge = recordingAuth(judgeAuth, "A");
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", "sk-openai-secret", "MODEL_KEY", "model-secret", "MY_JUDGE_KEY", "judge-secret");
    try {
      for (boolean named : new boolean[] {true, false}) {
        List<String> args = new java.util.ArrayList<>(List.of("eval", "--bench", "mmstar", "--data", data.toString(),
            "--endpoint", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", "--api-key-env", "MODEL_KEY",
            "--judge", "http://127.0.0.1:" + judge.getAddress().getPort() + "/v1",
            "--out", dir.resolve(named ? "named" : "default").toString()));
        if (named) {
          args.addAll(List.of("--judge-key-env", "MY_JUDGE_KEY"));
        }
        CommandLine cl = RobustR1Command.commandLine();
        StringWriter sw = new StringWriter();
        cl.setOut(new PrintWriter(sw));
        cl.setErr(new PrintWriter(sw));
        ((EvalCommand) cl.getSubcommands().get("eval").getCommandSpec().userObject()).env = env::get;
        assertThat(cl.execute(args.toArray(String[]::new))).as(sw.toString()).isZero();
      }
    } finally {
      model.stop(0);
      judge.stop(0);
    }
    assertThat(modelAuth).hasSize(4).containsOnly("Bearer model-secret");
    // two judged items with --judge-key-env MY_JUDGE_KEY, two without (JUDGE_API_KEY is unset: no key)
    assertThat(judgeAuth).hasSizeGreaterThanOrEqualTo(4);
    assertThat(judgeAuth.subList(0, judgeAuth.size() / 2)).containsOnly("Bearer judge-secret");
    assertThat(judgeAuth.subList(judgeAuth.size() / 2, judgeAuth.size())).containsOnly("none");
    assertThat(judgeAuth).noneMatch(a -> a.contains("sk-openai") || a.contains("model-secret"));
  }

  @Test
  void evalAgainstStubEndpointResumes(@TempDir Path dir) throws Exception {
    StringBuilder tsv = new StringBuilder("index\tquestion\tA\tB\tC\tD\tanswer\tcategory\timage\n");
    for (int i = 0; i < 6; i++) {
      BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0xFF00FF);
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", bos);
      tsv.append(i).append("\tQ").append(i).append(": which?\tw\tx\ty\tz\t").append("ABCD".charAt(i % 4))
          .append("\tcat").append(i % 2).append('\t').append(Base64.getEncoder().encodeToString(bos.toByteArray())).append('\n');
    }
    Path data = dir.resolve("MMStar.tsv");
    Files.writeString(data, tsv.toString(), StandardCharsets.UTF_8);
    AtomicInteger calls = new AtomicInteger();
    Set<String> asked = new HashSet<>();
    HttpServer s = stub(calls, text -> {
      asked.add(text);
      int at = text.indexOf("Question: Q") + "Question: Q".length();
      int q = Integer.parseInt(text.substring(at, text.indexOf(':', at)));
      return String.valueOf("ABCD".charAt(q % 4));
    });
    try {
      String url = "http://127.0.0.1:" + s.getAddress().getPort() + "/v1";
      Path out = dir.resolve("out");
      String[] args = {"eval", "--bench", "mmstar", "--data", data.toString(), "--endpoint", url,
          "--degrade", "clean,50", "--out", out.toString(), "--seed", "3"};
      StringWriter sw = new StringWriter();
      assertThat(run(sw, args)).as(sw.toString()).isZero();
      assertThat(calls.get()).isEqualTo(12);
      assertThat(sw.toString()).contains("| MMStar | clean |").contains("| MMStar | 50 |");
      for (String f : List.of("summary.csv", "summary.json", "summary.md", "accuracy_vs_intensity.png",
          "degradation_manifest.jsonl", "predictions.jsonl", "scores/clean/MMStar/acc.csv", "scores/50/MMStar/items.jsonl")) {
        assertThat(out.resolve(f)).exists();
      }
      JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
      assertThat(summary.get(0).get("accuracy").asDouble()).isEqualTo(1.0);
      assertThat(summary.get(1).get("intensity").asDouble()).isEqualTo(0.45);
      // Rerun: everything is cached, nothing is asked again.
      StringWriter sw2 = new StringWriter();
      assertThat(run(sw2, args)).as(sw2.toString()).isZero();
      assertThat(calls.get()).isEqualTo(12);
      assertThat(sw2.toString()).contains("asked 0, cached 12");
    } finally {
      s.stop(0);
    }
  }

  @Test
  void evalWithRobustR1PromptScoresAnswerSectionAndWritesChainMetrics(@TempDir Path dir) throws Exception {
    StringBuilder tsv = new StringBuilder("index\tquestion\tA\tB\tanswer\timage\n");
    for (int i = 0; i < 4; i++) {
      BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", bos);
      tsv.append(i).append("\tQ").append(i).append(": which?\tw\tx\t").append(i % 2 == 0 ? "A" : "B").append('\t')
          .append(Base64.getEncoder().encodeToString(bos.toByteArray())).append('\n');
    }
    Path data = dir.resolve("RealWorldQA.tsv");
    Files.writeString(data, tsv.toString(), StandardCharsets.UTF_8);
    AtomicInteger calls = new AtomicInteger();
    HttpServer s = stub(calls, text -> {
      assertThat(text).contains("First output the the types of degradations");
      int at = text.indexOf("Question: Q") + "Question: Q".length();
      int q = Integer.parseInt(text.substring(at, text.indexOf(':', at)));
      return "<TYPE>motion blur(0.4)<TYPE_END><INFLUENCE>A B<INFLUENCE_END><REASONING>A or B, B or A<REASONING_END>"
          + "<CONCLUSION>so<CONCLUSION_END><ANSWER>" + (q % 2 == 0 ? "A" : "B") + "<ANSWER_END>";
    });
    try {
      Path out = dir.resolve("out");
      StringWriter sw = new StringWriter();
      int rc = run(sw, "eval", "--bench", "realworldqa", "--data", data.toString(), "--endpoint",
          "http://127.0.0.1:" + s.getAddress().getPort() + "/v1", "--degrade", "clean,100", "--prompt", "robust-r1",
          "--out", out.toString());
      assertThat(rc).as(sw.toString()).isZero();
      assertThat(calls.get()).isEqualTo(8);
      JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
      assertThat(summary.get(0).get("accuracy").asDouble()).isEqualTo(1.0);
      JsonNode cm = JSON.readTree(out.resolve("chain_metrics.json").toFile());
      assertThat(cm.get("items").asInt()).isEqualTo(8);
      assertThat(cm.get("type_recall").isNull() || cm.get("type_recall").asDouble() <= 1.0).isTrue();
    } finally {
      s.stop(0);
    }
  }
}
