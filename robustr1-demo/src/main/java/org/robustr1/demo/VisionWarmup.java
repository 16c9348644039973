package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneColor;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.ShapeKind;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.LrSchedule;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Stage 0 of the demo, standing in for the vision-language pretraining of Qwen2.5-VL: the model
 * learns short image-grounded targets, so that the language model of the later stages reads the
 * frozen tower's features, as a pretrained model does. The vision tower and merger are trained too
 * when asked; by default they keep their random initial weights (a fixed random feature extractor),
 * which the tiny model learns to read faster than a tower trained along (measured with {@code
 * SceneLearnabilityProbe}). The first steps draw from a whole-image curriculum ({@link #curriculum}:
 * one large shape, "what colour is it?"); the rest from three tasks per training image, mixed at
 * random:
 *
 * <ul>
 *   <li>the multiple-choice question in the answer-only prompt, target the answer text;
 *   <li>the question alone (no choices; {@value #DESCRIBE} if it is empty), target the first
 *       sentence of the chain's reasoning, a sentence stating the answer from the image (e.g.
 *       "The circle is red."; the demo's scenes put that rationale first);
 *   <li>{@value #DEGRADATIONS}, target the names of the applied ops in stage order ({@code none} on
 *       clean images), so the features carry degradation information as a pretrained model's do.
 * </ul>
 *
 * <p>The loss is the mean cross-entropy over the target tokens; the image is encoded with {@link
 * Qwen25VlModel#encode(VlmPrompt)} inside the gradient collector and an {@code NDScope} per sample,
 * so the vision tower gets gradients and its intermediates live until after backward (the SFT
 * trainer encodes prompts without gradients because Robust-R1 keeps the tower frozen).
 */
final class VisionWarmup {

  /** The user text of the description task. */
  static final String DESCRIBE = "Describe the picture.";
  /** The user text of the degradation task. */
  static final String DEGRADATIONS = "What degradations are in the picture?";

  private static final String REASONING_OPEN = "<REASONING>";

  /** The question of the whole-image curriculum samples ({@link #curriculum}). */
  static final String CURRICULUM_QUESTION = "What color is the shape?";

  /**
   * One warm-up example: an image (a training row's image, or an in-memory {@code image} when
   * {@code row} is null), the user text, an assistant prefix given as context without loss
   * (usually empty) and the target text (followed by end-of-turn when the prefix is empty).
   */
  record Sample(TrainExample row, RgbImage image, String user, String prefix, String target) {

    Sample(TrainExample row, String user, String target) {
      this(requireNonNull(row, "row"), null, user, "", target);
    }

    Sample(RgbImage image, String user, String target) {
      this(null, requireNonNull(image, "image"), user, "", target);
    }

    VlmPrompt prompt(RowPrompts prompts) {
      List<RgbImage> images = row == null ? List.of(image) : prompts.prompt(row).images();
      return VlmPrompt.of(images, user);
    }
  }

  private VisionWarmup() {}

  /**
   * The warm-up samples of the chain rows and their answer-only twins (same images, same order).
   */
  static List<Sample> samples(TrainDataset chain, TrainDataset answer) {
    return samples(chain, answer, false);
  }

  /**
   * The warm-up samples; with {@code chainSentence} each row adds a fourth task, target the
   * reasoning's first sentence at a varying distance from the question and image: 70 % of rows
   * ask with the question block plus a random-length start of the robust template, the rest with
   * the chain row's own prompt, half of them with its chain up to {@code <REASONING>} as given
   * context (no loss on it, no end-of-turn after the sentence). Meant to teach reading the
   * question and image again after TYPE and INFLUENCE; measured not to (README, "The demo").
   */
  static List<Sample> samples(TrainDataset chain, TrainDataset answer, boolean chainSentence) {
    checkArgument(chain.size() == answer.size(), "chain and answer datasets differ in size: %s vs %s", chain.size(), answer.size());
    RowPrompts raw = new RowPrompts(PromptStyle.RAW);
    List<Sample> out = new ArrayList<>();
    Random rnd = new Random(chain.size() * 31L + 0xD157L);
    for (int i = 0; i < chain.size(); i++) {
      TrainExample c = chain.get(i);
      TrainExample a = answer.get(i);
      out.add(new Sample(a, raw.userText(a), a.answer()));
      ParsedChain pc = ChainFormat.DEFAULT.parse(c.answer());
      String question = firstLine(a.question());
      pc.section(Section.REASONING).map(VisionWarmup::firstSentence).filter(s -> !s.isBlank())
          .ifPresent(s -> out.add(new Sample(c, question.isBlank() ? DESCRIBE : question, s)));
      String types = pc.types().stream().map(TypedStrength::name).collect(Collectors.joining(", "));
      out.add(new Sample(c, DEGRADATIONS, types.isBlank() ? "none" : types));
      if (chainSentence) {
        int at = c.answer().indexOf(REASONING_OPEN);
        String sentence = reasoningFirstSentence(c.answer());
        if (at >= 0 && !sentence.isBlank()) {
          // the distance from the question and image to the sentence varies from a few tokens to
          // the whole chain prompt plus the chain up to <REASONING>
          double u = rnd.nextDouble();
          String block = a.question(); // the answer row's question block, "q\n0. a\n1. b\n…"
          String template = TrainingPrompts.robust("");
          int cut = template.lastIndexOf(' ', (int) (Math.min(1, u / 0.7) * template.length()));
          String user = u >= 0.7 ? raw.userText(c) : block + (cut <= 0 ? "" : template.substring(0, cut));
          String prefix = u >= 0.7 && rnd.nextBoolean() ? c.answer().substring(0, at + REASONING_OPEN.length()) : "";
          out.add(new Sample(c, null, user, prefix, sentence));
        }
      }
    }
    return out;
  }

  /**
   * The whole-image curriculum that opens the warm-up: {@code n} images of one large shape
   * (radius 0.3 of the side, random shape, colour, position and background), each asking
   * {@value #CURRICULUM_QUESTION} with four colour choices in the answer-only question block,
   * target the colour word. A randomly initialised model first learns to read image tokens on this
   * strong signal (the object covers about a quarter of the image) and then carries that over to
   * the scenes, where the asked object covers a few image tokens; without it the tiny model settles
   * on the text prior and never uses the image (measured with {@code SceneLearnabilityProbe}).
   */
  static List<Sample> curriculum(int n, int imageSize, long seed) {
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    Random r = new Random(seed ^ 0xC0FFEEL);
    SceneColor[] colors = SceneColor.values();
    ShapeKind[] shapes = ShapeKind.values();
    int[] backgrounds = {0xF4F4F2, 0xEAE5D6, 0xDCE3EA, 0xE4E4E4};
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SceneColor c = colors[r.nextInt(colors.length)];
      ShapeKind shape = shapes[r.nextInt(shapes.length)];
      double radius = imageSize * 0.3;
      double slack = Math.max(0, imageSize / 2.0 - radius - 2);
      double cx = imageSize / 2.0 + (2 * r.nextDouble() - 1) * slack;
      double cy = imageSize / 2.0 + (2 * r.nextDouble() - 1) * slack;
      SceneObject o = new SceneObject(shape, c, true, 0, 0, cx, cy, radius);
      Scene scene = new Scene(imageSize, 2, backgrounds[r.nextInt(backgrounds.length)], List.of(o));
      List<SceneColor> pool = new ArrayList<>(List.of(colors));
      pool.remove(c);
      Collections.shuffle(pool, r);
      List<String> choices = new ArrayList<>();
      pool.subList(0, 3).forEach(p -> choices.add(p.word()));
      choices.add(r.nextInt(4), c.word());
      out.add(new Sample(RgbImage.of(scene.render()), TrainingPrompts.questionBlock(CURRICULUM_QUESTION, choices), c.word()));
    }
    return out;
  }

  /** The first sentence of a chain's REASONING section, or "" when it has none. */
  static String reasoningFirstSentence(String chain) {
    return ChainFormat.DEFAULT.parse(chain).section(Section.REASONING).map(VisionWarmup::firstSentence).orElse("");
  }

  static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }

  private static String firstSentence(String text) {
    String t = text.strip();
    int dot = t.indexOf(". ");
    return dot < 0 ? t : t.substring(0, dot + 1);
  }

  /**
   * Trains {@code policy}'s model for {@code steps} steps of {@code batch} samples (AdamW, cosine
   * schedule with 10 % warm-up): the first {@code curriculumSteps} steps draw from {@code
   * curriculum}, the rest from {@code samples}. With {@code trainTower} every parameter is trained
   * (vision tower and merger included), else the tower stays frozen at its initial weights. The
   * tower is frozen again afterwards and the model written to {@code outDir}.
   */
  static TrainResult train(QwenPolicy policy, List<Sample> curriculum, int curriculumSteps, List<Sample> samples, int steps,
      int batch, double lr, boolean trainTower, long seed, Path outDir) throws IOException {
    requireNonNull(policy, "policy");
    checkArgument(!samples.isEmpty(), "no warm-up samples");
    checkArgument(curriculumSteps == 0 || !curriculum.isEmpty(), "curriculum steps without curriculum samples");
    Qwen25VlModel model = policy.model();
    Files.createDirectories(outDir);
    OptimizerConfig oc = OptimizerConfig.sftDefaults().withLearningRate(lr)
        .withSchedule(org.robustr1.train.optim.ScheduleType.COSINE, -1, 0.1).withWeightDecay(0.0);
    List<Map<String, Object>> metrics = new ArrayList<>();
    Random rnd = new Random(seed ^ 0x5EED0L);
    RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
    QwenTokenizer tok = model.processor().orElseThrow().tokenizer();
    model.setVisionFrozen(!trainTower);
    try (AdamW opt = new AdamW(oc, policy.trainableParameters())) {
      LrSchedule schedule = new LrSchedule(oc, steps);
      int skipped = 0;
      for (int step = 0; step < steps; step++) {
        long t0 = System.nanoTime();
        double loss = 0;
        List<Sample> mb = new ArrayList<>(batch);
        List<int[]> targets = new ArrayList<>(batch);
        List<Integer> given = new ArrayList<>(batch);
        long tokens = 0;
        for (int i = 0; i < batch; i++) {
          List<Sample> src = step < curriculumSteps ? curriculum : samples;
          Sample s = src.get(rnd.nextInt(src.size()));
          int[] t;
          int context = 0;
          if (s.prefix().isEmpty()) {
            t = policy.assistantTargetIds(s.target());
            tokens += t.length;
          } else {
            int[] pre = tok.encode(s.prefix());
            int[] body = tok.encode(s.target());
            t = new int[pre.length + body.length];
            System.arraycopy(pre, 0, t, 0, pre.length);
            System.arraycopy(body, 0, t, pre.length, body.length);
            tokens += body.length;
            context = pre.length;
          }
          mb.add(s);
          targets.add(t);
          given.add(context);
        }
        for (int i = 0; i < batch; i++) {
          Sample s = mb.get(i);
          VlmPrompt q = s.prompt(prompts);
          try (NDManager tmp = NDManager.newBaseManager();
              NDScope scope = new NDScope();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            try (EncodedPrompt enc = model.encode(q)) {
              NDArray lp = model.logProbs(tmp, enc, List.of(targets.get(i)));
              if (given.get(i) > 0) {
                lp = lp.get(new NDIndex(":, {}:", given.get(i)));
              }
              NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, (double) tokens));
              loss += l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
              gc.backward(l);
            }
          }
        }
        double norm = GradientClipping.clipGlobalNorm(opt.parameters().values(), oc.maxGradNorm());
        double rate = schedule.lr(step);
        if (Double.isFinite(norm)) {
          opt.update(rate);
        } else {
          opt.zeroGradients();
          skipped++;
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("step", step + 1);
        rec.put("loss", loss);
        rec.put("lr", rate);
        rec.put("grad_norm", norm);
        rec.put("skipped_nonfinite", skipped);
        rec.put("step_time", (System.nanoTime() - t0) / 1e9);
        metrics.add(rec);
      }
    } finally {
      model.setVisionFrozen(true);
    }
    model.save(outDir);
    return new TrainResult(steps, null, outDir, ImmutableList.copyOf(metrics));
  }

  /** Loads every weight written by {@link #train} into {@code policy}, leaving the tower frozen. */
  static void load(QwenPolicy policy, Path dir) {
    policy.model().setVisionFrozen(false);
    try {
      policy.loadTrainable(dir);
    } finally {
      policy.model().setVisionFrozen(true);
    }
  }
}
