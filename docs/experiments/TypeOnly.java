package org.robustr1.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.OfficialTypeEntry;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftTrainer;

/**
 * Chain SFT whose targets keep only the TYPE section ({@code <TYPE>…<TYPE_END>}): can the language
 * model learn to name the degradations from the frozen tower at the demo's budget when nothing else
 * competes for the loss? Usage: {@code OUT SEED LR [STEPS [MODEL_DIR]]} (STEPS defaults to the
 * demo's 500, MODEL_DIR to the shipped {@code robustr1-tiny}). Prints the perception macro-F1,
 * intensity MAE and the chance levels on the demo's held-out perception set. With {@code
 * -Dorder=strength} the types of each target are listed strongest first instead of in the
 * pipeline's stage order.
 */
public final class TypeOnly {

  private static final Pattern TYPE = Pattern.compile("(?s)<TYPE>.*?<TYPE_END>");

  /** {@code <TYPE>a(0.20), b(0.70)<TYPE_END>} as {@code <TYPE>b(0.70), a(0.20)<TYPE_END>}. */
  static String strongestFirst(String type) {
    List<TypedStrength> entries = new ArrayList<>();
    for (OfficialTypeEntry e : OfficialParsing.degradations(type)) {
      entries.add(TypedStrength.named(e.name(), e.strength()));
    }
    if (entries.isEmpty()) {
      return type;
    }
    entries.sort(Comparator.comparingDouble(TypedStrength::strength).reversed());
    return Section.TYPE.openTag() + ChainFormat.DEFAULT.renderTypes(entries) + Section.TYPE.closeTag();
  }

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    long seed = Long.parseLong(a[1]);
    double lr = Double.parseDouble(a[2]);
    DemoConfig cfg = DemoConfig.full(seed);
    int steps = a.length > 3 ? Integer.parseInt(a[3]) : cfg.sftSteps();
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    Path dir = p.trainingSet(scenes, OutputMode.CHAIN);
    Path perceptionDir = p.perceptionSet(scenes);
    boolean strongestFirst = "strength".equals(System.getProperty("order"));
    OneChangeRerun.rewrite(dir, 1, v -> {
      Matcher m = TYPE.matcher(v);
      String type = m.find() ? m.group() : v;
      return strongestFirst ? strongestFirst(type) : type;
    });
    Path model = a.length > 4 ? Path.of(a[4]) : RobustR1Tiny.checkpointDir();
    try (QwenPolicy policy = QwenPolicy.load(model)) {
      new SftTrainer(p.sftConfig(steps, lr), policy).train(DemoPipeline.readTrain(dir), p.runOptions("train/type-only"));
      PerceptionScores s = PerceptionScores.of(p.perceive(policy, DemoPipeline.readTrain(perceptionDir), 48));
      System.out.printf(Locale.ROOT,
          "type-only lr %s, %d steps: macroF1 %.3f (chance: base rate %.3f, most frequent %.3f, all types %.3f) mae %.3f (%d pairs)%n",
          a[2], steps, s.macroF1(), s.chanceBaseRate(), s.chanceMostFrequent(), s.chanceAllTypes(), s.intensityMae(), s.matched());
    }
  }
}
