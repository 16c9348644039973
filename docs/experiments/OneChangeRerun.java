package org.robustr1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustr1.degrade.dataset.DatasetBuilder;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneQuestion;
import org.robustr1.demo.pretrain.PretrainingTasks;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftTrainer;

/**
 * One arm of the demo with one thing changed in its training rows; everything else is the demo's
 * (scenes, degradations, SFT settings, evaluation). Usage: {@code OUT SEED VARIANT} with VARIANT
 * <ul>
 *   <li>{@code long-prompt}: the answer-only arm with the Robust-R1 instruction appended to every prompt;
 *   <li>{@code noperc}: chain SFT with TYPE and INFLUENCE left empty;
 *   <li>{@code key}: chain SFT with REASONING cut to its first sentence;
 *   <li>{@code scene-first}: chain SFT whose REASONING starts with the caption of the scene as
 *       pretraining writes it ("There are three shapes. A red circle is in the top left. …").
 * </ul>
 * Prints one {@code eval …} line with the accuracy per level.
 */
public final class OneChangeRerun {

  private static final Pattern REASONING = Pattern.compile("(?s)<REASONING>(.*?)<REASONING_END>");

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    long seed = Long.parseLong(a[1]);
    String variant = a[2];
    boolean chain = !variant.equals("long-prompt");
    DemoConfig cfg = DemoConfig.full(seed);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    Path dir = p.trainingSet(scenes, chain ? OutputMode.CHAIN : OutputMode.ANSWER_ONLY);
    switch (variant) {
      case "long-prompt" -> rewrite(dir, 0,
          v -> TrainingPrompts.IMAGE_TOKEN + TrainingPrompts.robust(v.substring(TrainingPrompts.IMAGE_TOKEN.length())));
      case "noperc" -> rewrite(dir, 1, v -> v.replaceAll("(?s)<TYPE>.*?<TYPE_END>", "<TYPE><TYPE_END>")
          .replaceAll("(?s)<INFLUENCE>.*?<INFLUENCE_END>", "<INFLUENCE><INFLUENCE_END>"));
      case "key" -> rewrite(dir, 1, OneChangeRerun::firstReasoningSentence);
      case "scene-first" -> sceneFirst(p, cfg, dir);
      default -> throw new IllegalArgumentException("variant must be long-prompt, noperc, key or scene-first, got " + variant);
    }
    int steps = chain ? cfg.sftSteps() : cfg.baselineSteps();
    try (QwenPolicy policy = QwenPolicy.load(RobustR1Tiny.checkpointDir())) {
      double lr = chain ? cfg.sftLr() : cfg.baselineLr();
      new SftTrainer(p.sftConfig(steps, lr), policy).train(DemoPipeline.readTrain(dir), p.runOptions("train/" + variant));
      p.evaluate(variant, policy.model(), true, chain ? 200 : DemoPipeline.ANSWER_TOKENS, scenes, DemoPipeline.TRACKS);
    }
  }

  /** Rewrites turn {@code turn} (0 user, 1 assistant) of every training row. */
  static void rewrite(Path dir, int turn, UnaryOperator<String> change) throws Exception {
    rewrite(dir, turn, (id, v) -> change.apply(v));
  }

  /** Rewrites turn {@code turn} of every training row, given the row's id and the turn's text. */
  static void rewrite(Path dir, int turn, BinaryOperator<String> change) throws Exception {
    Path f = dir.resolve(DatasetBuilder.TRAIN_FILE);
    ObjectMapper m = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(f)) {
      ObjectNode row = (ObjectNode) m.readTree(l);
      ObjectNode t = (ObjectNode) ((ArrayNode) row.get("conversations")).get(turn);
      t.put("value", change.apply(row.get("id").asText(), t.get("value").asText()));
      lines.add(m.writeValueAsString(row));
    }
    Files.write(f, lines);
  }

  /** Puts the caption of each row's scene at the start of its REASONING. */
  private static void sceneFirst(DemoPipeline p, DemoConfig cfg, Path dir) throws Exception {
    SceneDatasetGenerator g = p.sceneGenerator();
    Map<String, String> captions = new HashMap<>();
    for (int i = 0; i < cfg.trainScenes(); i++) {
      SceneQuestion q = g.questionAt(SceneDatasetGenerator.TRAIN, i);
      captions.put(q.record().questionId(), PretrainingTasks.caption(q.scene()));
    }
    rewrite(dir, 1, (id, v) -> v.replace("<REASONING>", "<REASONING>" + captions.get(id) + " "));
  }

  private static String firstReasoningSentence(String chain) {
    Matcher mm = REASONING.matcher(chain);
    if (!mm.find()) {
      return chain;
    }
    String r = mm.group(1);
    int dot = r.indexOf(". ");
    return chain.substring(0, mm.start(1)) + (dot < 0 ? r : r.substring(0, dot + 1)) + chain.substring(mm.end(1));
  }
}
