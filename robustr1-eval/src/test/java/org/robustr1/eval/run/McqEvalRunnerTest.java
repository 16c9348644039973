package org.robustr1.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.io.FingerprintMismatchException;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.StubChatServer;
import org.robustr1.eval.TestImages;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.prompt.McqPromptStyle;
import org.robustr1.eval.report.EvalReport;
import org.robustr1.eval.score.McqScorer;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/** End-to-end runs against the stub endpoint: scoring, resume after a crash, bad input. */
class McqEvalRunnerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 12;

  /** The stub's rule: k%4==3 unresolvable, even k right, odd k wrong. */
  static String reply(int k) {
    char right = "ABCD".charAt(k % 4);
    if (k % 4 == 3) {
      return "Honestly unclear from the picture";
    }
    return k % 2 == 0 ? "(" + right + ")" : "Answer: " + (right == 'A' ? 'B' : 'A');
  }

  static int expectedHits(int n) {
    int h = 0;
    for (int k = 0; k < n; k++) {
      if (k % 4 != 3 && k % 2 == 0) {
        h++;
      }
    }
    return h;
  }

  private static StubChatServer stub() throws Exception {
    return new StubChatServer(req -> reply(TestImages.questionNumber(StubChatServer.userText(req))));
  }

  private static VisionLanguageModel model(StubChatServer s) {
    return new OpenAiVisionModel(ChatCompletionsClient.builder().setEndpoint(s.baseUrl()).setModel("stub-vlm")
        .optBackoff(java.time.Duration.ofMillis(10)).build());
  }

  private static McqScorer exact() {
    return new McqScorer(ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.CURRENT)));
  }

  @Test
  void endToEndWithStubEndpoint(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, N);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    try (StubChatServer s = stub()) {
      s.failNext(1); // the first call gets HTTP 503 and is retried
      McqEvalRunner.Summary sum = McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out)
          .optSampling(SamplingConfig.greedy(64)).build().run();
      assertThat(sum.asked()).isEqualTo(N);
      assertThat(s.requests()).hasSize(N + 1);
      for (JsonNode req : s.requests()) {
        JsonNode parts = req.get("messages").get(0).get("content");
        assertThat(parts.get(0).get("type").asText()).isEqualTo("image_url");
        assertThat(parts.get(1).get("text").asText()).startsWith("Question: Q").endsWith("above. \n");
        assertThat(req.get("temperature").asDouble()).isZero();
      }
      // Row 3 aliases row 0's image (32x24); row 4 has its own (36x24).
      JsonNode r3 = s.requests().stream().filter(r -> StubChatServer.userText(r).startsWith("Question: Q3:")).findFirst().orElseThrow();
      String url = r3.get("messages").get(0).get("content").get(0).get("image_url").get("url").asText();
      assertThat(url).startsWith("data:image/png;base64,");
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
      assertThat(img.getWidth()).isEqualTo(32);
      assertThat(img.getHeight()).isEqualTo(24);
    }
    Map<String, Map<String, McqScorer.Result>> res =
        CachedScoring.scoreAndWrite(ds, out, exact(), List.of("clean"));
    McqScorer.Result r = res.get("clean").get("MMStar");
    assertThat(r.items()).hasSize(N);
    assertThat(r.overall()).isEqualTo((double) expectedHits(N) / N);
    List<String> items = TestImages.lines(out.resolve("scores/clean/MMStar/items.jsonl"));
    Set<Integer> seen = new HashSet<>();
    for (String line : items) {
      JsonNode j = JSON.readTree(line);
      assertThat(seen.add(j.get("index").asInt())).isTrue();
      assertThat(j.get("option").asText()).matches("[A-Z]");
      int k = j.get("index").asInt();
      assertThat(j.get("hit").asInt()).isEqualTo(k % 4 != 3 && k % 2 == 0 ? 1 : 0);
    }
    assertThat(seen).hasSize(N);
    List<String> acc = TestImages.lines(out.resolve("scores/clean/MMStar/acc.csv"));
    assertThat(acc.get(0)).isEqualTo("\"split\",\"Overall\",\"image scene and topic\",\"object counting\","
        + "\"coarse perception\",\"fine-grained perception\"");
    EvalReport rep = EvalReport.of("stub-vlm", "MMStar", res, Map.of("clean", 0.0), 1L);
    rep.writeAll(out);
    assertThat(ImageIO.read(out.resolve("accuracy_vs_intensity.png").toFile())).isNotNull();
    assertThat(Files.readString(out.resolve("summary.md"))).contains("| MMStar | clean |");
  }

  @Test
  void predictionsCarryTheGivenModelName(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, N);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    try (StubChatServer s = stub()) {
      McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out).optModelName("sft+grpo")
          .optSampling(SamplingConfig.greedy(64)).build().run();
    }
    List<String> lines = TestImages.lines(out.resolve("predictions.jsonl"));
    assertThat(lines).hasSize(N);
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("model").asText()).isEqualTo("sft+grpo");
    }
  }

  @Test
  void resumeAfterCrashAsksEachItemOnceAndScoresEachIndexOnce(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, N);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    try (StubChatServer s = stub()) {
      VisionLanguageModel real = model(s);
      AtomicInteger served = new AtomicInteger();
      VisionLanguageModel crashing = new VisionLanguageModel() {
        @Override
        public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
          if (served.incrementAndGet() > 5) {
            throw new IllegalStateException("simulated crash");
          }
          return real.generate(prompts, sampling);
        }

        @Override
        public String name() {
          return "stub-vlm";
        }

        @Override
        public org.robustr1.core.io.RunFingerprint fingerprint() {
          return real.fingerprint();
        }
      };
      assertThatThrownBy(() -> McqEvalRunner.builder().setModel(crashing).setDataset(ds).setOutputDir(out).build().run())
          .hasMessageContaining("simulated crash");
      Path cache = McqEvalRunner.cacheFile(out, Shard.all());
      assertThat(TestImages.lines(cache)).hasSize(5);
      // The crash also tore a line being written: append half a record without newline.
      Files.writeString(cache, "{\"key\":\"clean|MMStar/5\",\"track\":\"clean\",\"datas",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      McqEvalRunner.Summary sum = McqEvalRunner.builder().setModel(real).setDataset(ds).setOutputDir(out).build().run();
      assertThat(sum.cached()).isEqualTo(5);
      assertThat(sum.asked()).isEqualTo(N - 5);
      assertThat(s.requests()).hasSize(N);
      assertThat(s.callsPerText().values()).allMatch(c -> c.get() == 1);
      List<String> lines = TestImages.lines(cache);
      assertThat(lines).hasSize(N);
      Set<String> keys = new HashSet<>();
      for (String l : lines) {
        assertThat(keys.add(JSON.readTree(l).get("key").asText())).isTrue();
      }
      // A third run asks nothing.
      McqEvalRunner.Summary again = McqEvalRunner.builder().setModel(real).setDataset(ds).setOutputDir(out).build().run();
      assertThat(again.asked()).isZero();
      assertThat(s.requests()).hasSize(N);
    }
    McqScorer.Result r = CachedScoring.scoreAndWrite(ds, out, exact(), List.of("clean")).get("clean").get("MMStar");
    List<String> idx = new ArrayList<>();
    r.items().forEach(x -> idx.add(x.item().index()));
    assertThat(idx).doesNotHaveDuplicates().hasSize(N);
    assertThat(r.overall()).isEqualTo((double) expectedHits(N) / N);
  }

  @Test
  void aFolderMadeByAnotherModelOrSettingIsRefusedNamingEachFieldUnlessOverwritten(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, N);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    try (StubChatServer s = stub()) {
      McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out).build().run();
      Path cache = McqEvalRunner.cacheFile(out, Shard.all());
      List<String> before = TestImages.lines(cache);
      VisionLanguageModel other = new OpenAiVisionModel(ChatCompletionsClient.builder().setEndpoint(s.baseUrl())
          .setModel("other-vlm").build());
      assertThatThrownBy(() -> McqEvalRunner.builder().setModel(other).setDataset(ds).setOutputDir(out)
          .optSampling(SamplingConfig.greedy(8)).optPromptStyle(McqPromptStyle.vlmEvalKit().withRobustR1Instruction())
          .build().run())
          .isInstanceOf(FingerprintMismatchException.class)
          .hasMessageContaining("model: was 'stub-vlm', now 'other-vlm'")
          .hasMessageContaining("max_new_tokens: was '1024', now '8'")
          .hasMessageContaining("prompt_checksum")
          .hasMessageContaining("--overwrite");
      assertThatThrownBy(() -> McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out)
          .optTracks(DegradationTrack.parseList("clean,50", 3)).build().run())
          .hasMessageContaining("track.50: was absent, now 'official intensity=0.45 seed=3'");
      assertThat(TestImages.lines(cache)).isEqualTo(before);
      assertThat(s.requests()).hasSize(N);

      McqEvalRunner.Summary sum = McqEvalRunner.builder().setModel(other).setDataset(ds).setOutputDir(out)
          .optOverwrite(true).build().run();
      assertThat(sum.cached()).isZero();
      assertThat(sum.asked()).isEqualTo(N);
      assertThat(TestImages.lines(cache)).hasSize(N).allMatch(l -> l.contains("\"model\":\"other-vlm\""));

      // predictions without a fingerprint (an older version) are refused too
      Files.delete(out.resolve(McqEvalRunner.FINGERPRINT_FILE));
      assertThatThrownBy(() -> McqEvalRunner.builder().setModel(other).setDataset(ds).setOutputDir(out).build().run())
          .hasMessageContaining("recorded no fingerprint.json");
    }
  }

  @Test
  void greyImagesReachTheModelAsPillowReadsThemAndTruncatedOnesAreRefusedNamingTheRow(@TempDir Path dir)
      throws Exception {
    BufferedImage grey = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 190);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    ImageIO.write(grey, "png", png);
    byte[] jpg = Base64.getDecoder().decode(TestImages.jpegBase64(64, 48, 3));
    String cut = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(jpg, jpg.length / 2));
    Path tsv = dir.resolve("grey.tsv");
    Files.writeString(tsv, "index\tquestion\tA\tB\tanswer\timage\n"
        + "0\tQ0: x?\ta\tb\tA\t" + Base64.getEncoder().encodeToString(png.toByteArray()) + "\n"
        + "1\tQ1: x?\ta\tb\tA\t" + cut + "\n");
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    try (StubChatServer s = stub()) {
      McqEvalRunner runner = McqEvalRunner.builder().setModel(model(s)).setDataset(ds)
          .setOutputDir(dir.resolve("out")).build();
      org.robustr1.core.image.RgbImage img = runner.images(ds.items().get(0)).get(0);
      assertThat(new int[] {img.get(0, 0, 0), img.get(0, 0, 1), img.get(0, 0, 2)}).containsExactly(190, 190, 190);
      assertThatThrownBy(() -> runner.images(ds.items().get(1)))
          .isInstanceOf(DataFormatException.class)
          .hasMessageContaining(tsv.toString())
          .hasMessageContaining("row 2")
          .hasMessageContaining("truncated JPEG");
    }
  }

  @Test
  void imagePathsOutsideTheImageRootAreRefusedNamingFileRowAndField(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    byte[] jpg = Base64.getDecoder().decode(TestImages.jpegBase64(32, 32, 1));
    Files.write(root.resolve("ok.jpg"), jpg);
    Path secret = dir.resolve("secret.jpg");
    Files.write(secret, jpg);
    Files.createSymbolicLink(root.resolve("link.jpg"), secret);
    Path tsv = root.resolve("paths.tsv");
    Files.writeString(tsv, "index\tquestion\tA\tB\tanswer\timage_path\n"
        + "0\tQ0: x?\ta\tb\tA\tok.jpg\n"
        + "1\tQ1: x?\ta\tb\tA\t../secret.jpg\n"
        + "2\tQ2: x?\ta\tb\tA\t" + secret + "\n"
        + "3\tQ3: x?\ta\tb\tA\tlink.jpg\n");
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    try (StubChatServer s = stub()) {
      McqEvalRunner runner = McqEvalRunner.builder().setModel(model(s)).setDataset(ds)
          .setOutputDir(dir.resolve("out")).optPolicy(BadInputPolicy.SKIP).build();
      assertThat(runner.images(ds.items().get(0))).hasSize(1);
      String[] why = {"contains '..'", "is absolute", "through a symbolic link"};
      for (int i = 1; i <= 3; i++) {
        McqItem item = ds.items().get(i);
        assertThatThrownBy(() -> runner.images(item))
            .isInstanceOf(DataFormatException.class)
            .hasMessageContaining(tsv + ", row " + (i + 1))
            .hasMessageContaining("field image_path refused")
            .hasMessageContaining(why[i - 1]);
      }
      McqEvalRunner.Summary sum = runner.run();
      assertThat(sum.asked()).isEqualTo(1);
      assertThat(sum.skipped()).hasSize(3);
      assertThat(s.requests()).hasSize(1);
    }
  }

  @Test
  void shardsAreDisjointAndMergeOnScoring(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, N);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    try (StubChatServer s = stub()) {
      for (int i = 0; i < 3; i++) {
        McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out).optShard(new Shard(i, 3)).build().run();
      }
      assertThat(s.requests()).hasSize(N);
      assertThat(s.callsPerText().values()).allMatch(c -> c.get() == 1);
    }
    McqScorer.Result r = CachedScoring.scoreAndWrite(ds, out, exact(), List.of("clean")).get("clean").get("MMStar");
    assertThat(r.items()).hasSize(N);
  }

  @Test
  void badInputNamesFileAndRow(@TempDir Path dir) throws Exception {
    String good = TestImages.jpegBase64(16, 16, 1);
    String garbage = Base64.getEncoder().encodeToString("this is definitely not an image, just some text bytes".repeat(3).getBytes(StandardCharsets.UTF_8));
    Path malformed = dir.resolve("malformed.tsv");
    Files.writeString(malformed, "index\tquestion\tA\tB\tanswer\timage\n0\tQ0: x?\ta\tb\tA\t" + good
        + "\n1\tQ1: x?\ta\tb\tA\t" + good + "\textra\n");
    assertThatThrownBy(() -> McqDataset.load(malformed, "T", McqDataset.Options.benchmark()))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("malformed.tsv").hasMessageContaining("row 2");

    Path missing = dir.resolve("missing.tsv");
    Files.writeString(missing, "index\tA\tB\tanswer\timage\n0\ta\tb\tA\t" + good + "\n");
    assertThatThrownBy(() -> McqDataset.load(missing, "T", McqDataset.Options.benchmark()))
        .isInstanceOf(DataFormatException.class).hasMessageContaining("missing.tsv")
        .hasMessageContaining("missing column 'question'");

    Path undecodable = dir.resolve("undecodable.tsv");
    Files.writeString(undecodable, "index\tquestion\tA\tB\tanswer\timage\n0\tQ0: x?\ta\tb\tA\t" + good
        + "\n1\tQ1: x?\ta\tb\tA\t" + garbage + "\n2\tQ2: x?\ta\tb\tB\t" + good + "\n");
    McqDataset ds = McqDataset.load(undecodable, "T", McqDataset.Options.benchmark());
    try (StubChatServer s = stub()) {
      assertThatThrownBy(() -> McqEvalRunner.builder().setModel(model(s)).setDataset(ds)
              .setOutputDir(dir.resolve("o1")).build().run())
          .isInstanceOf(DataFormatException.class).hasMessageContaining("undecodable.tsv")
          .hasMessageContaining("row 2").hasMessageContaining("cannot be decoded");
      McqEvalRunner.Summary sum = McqEvalRunner.builder().setModel(model(s)).setDataset(ds)
          .setOutputDir(dir.resolve("o2")).optPolicy(BadInputPolicy.SKIP).build().run();
      assertThat(sum.asked()).isEqualTo(2);
      assertThat(sum.skipped()).hasSize(1);
      assertThat(sum.skipped().get(0).row()).isEqualTo(2);
      assertThat(sum.skipped().get(0).index()).isEqualTo("1");
    }
    // Under SKIP a malformed row is reported and the rest loads.
    Path badAnswer = dir.resolve("bad-answer.tsv");
    Files.writeString(badAnswer, "index\tquestion\tA\tB\tanswer\timage\n0\tQ0: x?\ta\tb\tA\t" + good
        + "\n1\tQ1: x?\ta\tb\t\t" + good + "\n");
    McqDataset partial = McqDataset.load(badAnswer, "T", McqDataset.Options.benchmark().withPolicy(BadInputPolicy.SKIP));
    assertThat(partial.items()).hasSize(1);
    assertThat(partial.skipped()).singleElement().satisfies(sk -> {
      assertThat(sk.row()).isEqualTo(2);
      assertThat(sk.reason()).contains("bad-answer.tsv").contains("answer");
    });
  }

  @Test
  void degradationTracksWithManifestAndReport(@TempDir Path dir) throws Exception {
    Path tsv = TestImages.mmstarLike(dir, 4);
    McqDataset ds = McqDataset.load(tsv, "MMStar", McqDataset.Options.benchmark());
    Path out = dir.resolve("out");
    List<DegradationTrack> tracks = DegradationTrack.parseList("clean,25,100", 7L);
    assertThat(tracks).extracting(DegradationTrack::intensity).containsExactly(0.0, 0.23, 0.9);
    Map<String, List<String>> imagesByTrack = new java.util.HashMap<>();
    try (StubChatServer s = stub()) {
      McqEvalRunner.builder().setModel(model(s)).setDataset(ds).setOutputDir(out).optTracks(tracks).build().run();
      assertThat(s.requests()).hasSize(3 * 4);
      // Requests come track by track: clean, 25, 100; the 0.9 images differ from the clean ones.
      for (int t = 0; t < 3; t++) {
        List<String> urls = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          urls.add(s.requests().get(t * 4 + k).get("messages").get(0).get("content").get(0).get("image_url").get("url").asText());
        }
        imagesByTrack.put(tracks.get(t).name(), urls);
      }
    }
    assertThat(imagesByTrack.get("100")).doesNotContainAnyElementsOf(imagesByTrack.get("clean"));
    List<String> manifest = TestImages.lines(out.resolve("degradation_manifest.jsonl"));
    assertThat(manifest).hasSize(12);
    Map<String, String> methodAt25 = new java.util.HashMap<>();
    Map<String, String> methodAt100 = new java.util.HashMap<>();
    for (String l : manifest) {
      JsonNode j = JSON.readTree(l);
      String track = j.get("track").asText();
      if (track.equals("clean")) {
        assertThat(j.get("method").asText()).isEqualTo("none");
      } else {
        assertThat(j.get("steps").get(0).get("intensity").asDouble()).isEqualTo(j.get("intensity").asDouble());
        (track.equals("25") ? methodAt25 : methodAt100).put(j.get("image_id").asText(), j.get("method").asText());
      }
    }
    assertThat(methodAt25).hasSize(4).isEqualTo(methodAt100);
    Map<String, Map<String, McqScorer.Result>> res =
        CachedScoring.scoreAndWrite(ds, out, exact(), List.of("clean", "25", "100"));
    assertThat(res.keySet()).containsExactly("clean", "25", "100");
    Map<String, Double> intens = new java.util.HashMap<>();
    tracks.forEach(t -> intens.put(t.name(), t.intensity()));
    EvalReport rep = EvalReport.of("stub-vlm", "MMStar", res, intens, 3L);
    assertThat(rep.rows()).hasSize(3);
    assertThat(rep.rows().get(1).nPaired()).isEqualTo(4);
    assertThat(rep.rows().get(1).mcnemarP()).isEqualTo(1.0);
    rep.writeAll(out);
    assertThat(Files.readString(out.resolve("summary.csv"))).contains("stub-vlm,MMStar,MMStar,100,0.9,4,");
  }
}
