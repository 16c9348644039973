package org.robustr1.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.util.ArrayList;
import javax.imageio.ImageIO;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.TemplateInfluenceAnnotator;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.AokvqaRecord;
import org.robustr1.degrade.scenes.ShapeKind;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.sft.SftTrainer;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Manual diagnostic, not run by surefire (the name matches no test pattern): chain SFT of the demo
 * from the warm-up checkpoint of an earlier full demo run ({@code -Dprobe.run=runs/demo}, output
 * under {@code -Dprobe.out}), then greedy chains on the clean held-out scenes. Prints accuracy, how
 * often the reasoning's first sentence names the asked shape and the right colour, how many chains
 * lack an ANSWER, and teacher-forced grounding scores ({@link #teacherForced}) of the warm-up and of
 * the SFT model. Options: {@code -Dprobe.steps=800} (0: teacher-forced scores of the warm-up only),
 * {@code -Dprobe.compact=false} (rebuild the chains with {@link CompactInfluenceAnnotator}), {@code
 * -Dprobe.aux=0} and {@code -Dprobe.auxKind=sentence|answer} (short image-grounded rows mixed into
 * chain SFT), {@code -Dprobe.lr=2e-3}, {@code -Dprobe.warmup=DIR} (another warm-up checkpoint),
 * {@code -Dprobe.warmupChain=true} (run the warm-up again, with {@code -Dprobe.chainSentence=true}
 * adding the chain-sentence task, {@code -Dprobe.wchainOnly=true} keeping only that task, {@code
 * -Dprobe.warmupSteps}), {@code -Dprobe.answerFirst=true} (reasoning opening with the answer),
 * {@code -Dprobe.rope=1e4} (RoPE base of the model). Run with {@code mvn -o -pl robustr1-cli -am test
 * -Dtest=ChainArmProbe -Dsurefire.failIfNoSpecifiedTests=false -Dprobe.run=...}.
 */
class ChainArmProbe {

  /**
   * Teacher-forced grounding on the clean held-out scenes: the chain prompt and a clean chain up to
   * {@code <REASONING>}, then (a) which shape word after "The" scores highest, (b) with the right
   * shape given, which of the four choices after "The SHAPE is" scores highest; and (c) the
   * answer-only prompt, which choice scores highest.
   */
  static String teacherForced(Qwen25VlModel model, SceneDataset scenes, String cleanInfluence) throws Exception {
    return teacherForced(model, scenes, cleanInfluence, null);
  }

  static String teacherForced(Qwen25VlModel model, SceneDataset scenes, String cleanInfluence, String givenPrefix)
      throws Exception {
    QwenTokenizer tok = model.processor().orElseThrow().tokenizer();
    int shape = 0;
    int colour = 0;
    int plain = 0;
    int n = 0;
    int[] byDist = new int[5];
    int qShape = 0;
    int qColour = 0;
    int[] colByDist = new int[5];
    {
      for (AokvqaRecord r : scenes.val()) {
        RgbImage img = RgbImage.of(ImageIO.read(scenes.imageFile(r).toFile()));
        String block = TrainingPrompts.questionBlock(r.question(), r.choices());
        String asked = r.question().toLowerCase(Locale.ROOT).replaceAll(".*the ([a-z]+)\\?.*", "$1");
        String prefix = givenPrefix != null ? givenPrefix + "The"
            : "<TYPE><TYPE_END>\n<INFLUENCE>" + cleanInfluence + "<INFLUENCE_END>\n<REASONING>The";
        try (EncodedPrompt enc = model.encode(VlmPrompt.of(List.of(img), TrainingPrompts.robust(block)))) {
          List<String> shapes = new ArrayList<>();
          for (ShapeKind k : ShapeKind.values()) {
            shapes.add(prefix + " " + k.word());
          }
          shape += shapes.get(best(model, tok, enc, shapes)).endsWith(" " + asked) ? 1 : 0;
          List<String> cols = new ArrayList<>();
          for (String c : r.choices()) {
            cols.add(prefix + " " + asked + " is " + c);
          }
          colour += best(model, tok, enc, cols) == r.correctChoiceIdx() ? 1 : 0;
        }
        try (EncodedPrompt enc = model.encode(VlmPrompt.of(List.of(img), block))) {
          plain += best(model, tok, enc, r.choices()) == r.correctChoiceIdx() ? 1 : 0;
        }
        try (EncodedPrompt enc = model.encode(VlmPrompt.of(List.of(img), r.question()))) {
          List<String> shapes = new ArrayList<>();
          for (ShapeKind k : ShapeKind.values()) {
            shapes.add("The " + k.word());
          }
          qShape += shapes.get(best(model, tok, enc, shapes)).endsWith(" " + asked) ? 1 : 0;
          List<String> cols = new ArrayList<>();
          for (String c : r.choices()) {
            cols.add("The " + asked + " is " + c);
          }
          qColour += best(model, tok, enc, cols) == r.correctChoiceIdx() ? 1 : 0;
        }
        String template = TrainingPrompts.robust("");
        for (int d = 0; d < 5; d++) {
          int cut = d == 4 ? template.length() : Math.max(0, template.lastIndexOf(' ', template.length() * d / 4));
          try (EncodedPrompt enc = model.encode(VlmPrompt.of(List.of(img), block + template.substring(0, cut)))) {
            List<String> shapes = new ArrayList<>();
            for (ShapeKind k : ShapeKind.values()) {
              shapes.add("The " + k.word());
            }
            byDist[d] += shapes.get(best(model, tok, enc, shapes)).endsWith(" " + asked) ? 1 : 0;
            List<String> cols = new ArrayList<>();
            for (String c : r.choices()) {
              cols.add("The " + asked + " is " + c);
            }
            colByDist[d] += best(model, tok, enc, cols) == r.correctChoiceIdx() ? 1 : 0;
          }
        }
        n++;
      }
    }
    return String.format(Locale.ROOT, "teacher-forced: shape %d/%d, colour given shape %d/%d, answer-only prompt %d/%d;"
        + " no chain prefix, template 0/25/50/75/100 %%: shape %s colour %s; question alone: shape %d colour %d",
        shape, n, colour, n, plain, n, java.util.Arrays.toString(byDist), java.util.Arrays.toString(colByDist), qShape, qColour);
  }

  private static int best(Qwen25VlModel model, QwenTokenizer tok, EncodedPrompt enc, List<String> texts) {
    List<int[]> ids = new ArrayList<>();
    for (String t : texts) {
      ids.add(tok.encode(t));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = model.logProbs(m, enc, ids);
      int bi = 0;
      double bv = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < texts.size(); i++) {
        double v = a.get(i).sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        if (v > bv) {
          bv = v;
          bi = i;
        }
      }
      return bi;
    }
  }

  /** The embedded model with random weights from seed 7, RoPE base {@code -Dprobe.rope} (default 1e4). */
  static QwenPolicy policy(Path dir) throws Exception {
    org.robustr1.model.config.CheckpointConfig c = EmbeddedModel.checkpointConfig();
    var m = c.model();
    var t = m.text();
    double theta = Double.parseDouble(System.getProperty("probe.rope", String.valueOf(t.ropeTheta())));
    var t2 = new org.robustr1.model.config.Qwen25VlTextConfig(t.vocabSize(), t.hiddenSize(), t.intermediateSize(),
        t.numHiddenLayers(), t.numAttentionHeads(), t.numKeyValueHeads(), t.hiddenAct(), t.maxPositionEmbeddings(),
        t.rmsNormEps(), theta, t.mropeSection(), t.tieWordEmbeddings(), t.attentionDropout(), t.initializerRange(),
        t.slidingWindow(), t.useSlidingWindow(), t.maxWindowLayers());
    var m2 = new org.robustr1.model.config.Qwen25VlConfig(t2, m.vision(), m.bosTokenId(), m.eosTokenIds(),
        m.visionStartTokenId(), m.visionEndTokenId(), m.visionTokenId(), m.imageTokenId(), m.videoTokenId(), m.torchDtype());
    Qwen25VlModel model = Qwen25VlModel.randomInit(m2, 7, c.generation());
    model.setProcessor(org.robustr1.model.processor.Qwen25VlProcessor.load(dir));
    return new QwenPolicy(model);
  }

  /**
   * The chain rows with the reasoning's first sentence turned so that it opens with the answer:
   * "The circle is red." becomes "Red is the color of the circle." (other rows unchanged).
   */
  static TrainDataset answerFirstReasoning(TrainDataset chain) {
    List<org.robustr1.train.data.TrainExample> rows = new ArrayList<>();
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("<REASONING>The ([a-z]+) is ([a-z]+)\\.");
    for (org.robustr1.train.data.TrainExample e : chain.rows()) {
      String a = e.row().assistantTurn();
      java.util.regex.Matcher m = p.matcher(a);
      if (m.find()) {
        String c = m.group(2);
        String s = "<REASONING>" + Character.toUpperCase(c.charAt(0)) + c.substring(1) + " is the color of the " + m.group(1) + ".";
        a = a.substring(0, m.start()) + s + a.substring(m.end());
        rows.add(new org.robustr1.train.data.TrainExample(e.line(), e.images(), e.row().withAssistantTurn(a)));
      } else {
        rows.add(e);
      }
    }
    return new TrainDataset(chain.file(), com.google.common.collect.ImmutableList.copyOf(rows), chain.skipped());
  }

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue(System.getProperty("probe.run") != null, "set -Dprobe.run=DIR of a full demo run");
    Path run = Path.of(System.getProperty("probe.run"));
    Path out = Path.of(System.getProperty("probe.out", Files.createTempDirectory("chainprobe").toString()));
    int steps = Integer.getInteger("probe.steps", 800);
    boolean compact = Boolean.parseBoolean(System.getProperty("probe.compact", "false"));
    double aux = Double.parseDouble(System.getProperty("probe.aux", "0"));
    String auxKind = System.getProperty("probe.auxKind", "sentence");
    double lr = Double.parseDouble(System.getProperty("probe.lr", "2e-3"));
    boolean warmupChain = Boolean.parseBoolean(System.getProperty("probe.warmupChain", "false"));
    Path warm = Path.of(System.getProperty("probe.warmup", run.resolve("train/warmup/model").toString()));
    DemoConfig f = DemoConfig.full(7);
    DemoConfig cfg = new DemoConfig("probe", f.seed(), f.trainScenes(), f.evalScenes(), Math.max(1, steps), f.sftBatch(), lr, f.grpoSteps(),
        f.grpoPrompts(), f.grpoGenerations(), f.grpoLr(), f.grpoMaxTokens(), f.evalMaxTokens(), f.evalBatch(), f.warmupSteps(),
        f.warmupBatch(), f.warmupLr(), f.warmupCurriculumSteps(), f.warmupTrainTower(), f.sceneGrid(), f.sceneObjectScale(),
        f.sceneKinds(), compact, aux, auxKind, warmupChain);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = SceneDatasetGenerator.builder().optTrainSize(cfg.trainScenes()).optValSize(cfg.evalScenes())
        .optImageSize(EmbeddedModel.IMAGE_SIZE).optSeed(cfg.seed()).optGrid(cfg.sceneGrid())
        .optObjectScale(cfg.sceneObjectScale()).optQuestionKinds(cfg.sceneKinds()).optKeyRationaleFirst(true).build()
        .generate(out.resolve("scenes"));
    Path chainDir = run.resolve("data/chain");
    if (compact) {
      chainDir = out.resolve("data/chain");
      if (!Files.exists(chainDir.resolve("train.jsonl"))) {
        DemoPipeline.buildDataset(scenes, chainDir, OutputMode.CHAIN, cfg.seed(), true);
      }
    }
    TrainDataset chain = DemoPipeline.readTrain(chainDir);
    if (Boolean.getBoolean("probe.answerFirst")) {
      chain = answerFirstReasoning(chain);
      System.out.println("PROBE answer-first row 0: " + chain.get(0).answer().replace('\n', ' '));
    }
    TrainDataset answer = DemoPipeline.readTrain(run.resolve("data/answer"));
    Path modelDir = run.resolve("model/embedded");
    try (QwenTokenizer tok = QwenTokenizer.load(modelDir)) {
      double total = 0;
      double before = 0;
      int max = 0;
      for (var r : chain.rows()) {
        int n = tok.encode(r.answer()).length;
        total += n;
        max = Math.max(max, n);
        int at = r.answer().indexOf("<REASONING>");
        before += tok.encode(r.answer().substring(0, at)).length;
      }
      int prompt = tok.encode(chain.get(0).question()).length;
      System.out.printf(Locale.ROOT, "chains: mean %.1f tokens, max %d, mean %.1f before <REASONING> (prompt %d)%n",
          total / chain.size(), max, before / chain.size(), prompt);
    }
    TrainDataset data = DemoPipeline.chainSftData(chain, answer, aux, auxKind);
    Path modelDirF = modelDir;
    if (warmupChain) {
      warm = out.resolve("train/warmup/model");
      long w0 = System.nanoTime();
      List<VisionWarmup.Sample> wsamples = new ArrayList<>(VisionWarmup.samples(chain, answer, Boolean.parseBoolean(System.getProperty("probe.chainSentence", "true"))));
      if (Boolean.getBoolean("probe.wchainOnly")) {
        wsamples.removeIf(x -> x.prefix().isEmpty());
      }
      try (QwenPolicy w = policy(modelDirF)) {
        TrainResult wr = VisionWarmup.train(w, VisionWarmup.curriculum(400, EmbeddedModel.IMAGE_SIZE, cfg.seed()),
            cfg.warmupCurriculumSteps(), wsamples, Integer.getInteger("probe.warmupSteps", cfg.warmupSteps()), cfg.warmupBatch(),
            cfg.warmupLr(), false, cfg.seed(), warm);
        System.out.printf(Locale.ROOT, "warm-up with chain sentences: loss %s, %.0f s%n",
            TrainSummary.of("w", wr, "loss").describe(), (System.nanoTime() - w0) / 1e9);
      }
    }
    long t0 = System.nanoTime();
    String clean = compact ? CompactInfluenceAnnotator.CLEAN : TemplateInfluenceAnnotator.CLEAN;
    try (QwenPolicy policy = policy(modelDir)) {
      VisionWarmup.load(policy, warm);
      System.out.println("PROBE warm-up " + teacherForced(policy.model(), scenes, clean));
      for (int k = 1; k < 40; k++) {
        String a = chain.get(k).answer();
        if (ChainFormat.DEFAULT.parse(a).types().size() == 4) {
          System.out.println("PROBE warm-up, 4-entry prefix of row " + k + ": "
              + teacherForced(policy.model(), scenes, clean, a.substring(0, a.indexOf("<REASONING>") + 11)));
          break;
        }
      }
      if (steps <= 0) {
        return;
      }
      TrainResult r = new SftTrainer(p.sftConfig(steps), policy).train(data, p.runOptions("train/sft"));
      double sec = (System.nanoTime() - t0) / 1e9;
      ModelEval e = p.evaluate("probe", policy.model(), true, 200, scenes, List.of("clean"));
      int shape = 0;
      int colour = 0;
      int noAnswer = 0;
      int n = 0;
      for (ModelEval.Item i : e.items()) {
        n++;
        ParsedChain pc = ChainFormat.DEFAULT.parse(i.prediction());
        String first = pc.section(Section.REASONING).map(String::strip).orElse("");
        int dot = first.indexOf('.');
        first = (dot < 0 ? first : first.substring(0, dot)).toLowerCase(Locale.ROOT);
        String q = i.question().toLowerCase(Locale.ROOT);
        String asked = q.replaceAll(".*the ([a-z]+)\\?.*", "$1");
        shape += first.contains(asked) ? 1 : 0;
        colour += first.contains(i.answer().toLowerCase(Locale.ROOT)) ? 1 : 0;
        noAnswer += pc.answer().isEmpty() ? 1 : 0;
      }
      System.out.printf(Locale.ROOT,
          "PROBE steps=%d compact=%s aux=%.2f/%s lr=%s: clean acc %.3f; first sentence names shape %d/%d, colour %d/%d; no ANSWER %d;"
              + " loss %s; sft %.0f s%n",
          steps, compact, aux, auxKind, lr, e.accuracy().get("clean").accuracy(), shape, n, colour, n, noAnswer,
          TrainSummary.of("sft", r, "loss").describe(), sec);
      System.out.println("PROBE after SFT " + teacherForced(policy.model(), scenes, clean));
      for (int k = 0; k < 3; k++) {
        System.out.println("  " + e.items().get(k).question() + " -> " + e.items().get(k).prediction().replace('\n', ' '));
      }
    }
  }
}
