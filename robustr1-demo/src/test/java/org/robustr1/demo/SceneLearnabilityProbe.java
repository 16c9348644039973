package org.robustr1.demo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneColor;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.ShapeKind;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.GradMode;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Manual diagnostic, not run by surefire (the name matches no test pattern): trains the embedded
 * model answer-only on "What color is the shape?" over one large object ({@code
 * -Dprobe.radius=0.3} of the image side, {@code -Dprobe.others=N} small distractors) and prints
 * held-out accuracy (argmin loss over the four choices) every {@code -Dprobe.every} steps, with the
 * tower frozen at random init ({@code -Dprobe.frozen=true}, default) or trained.
 */
class SceneLearnabilityProbe {

  record Ex(VlmPrompt prompt, List<String> choices, String answer, String kind) {}

  static Ex example(Random r, double radiusFrac, int others, boolean fixedOrder) {
    int size = EmbeddedModel.IMAGE_SIZE;
    SceneColor[] cols = SceneColor.values();
    SceneColor c = cols[r.nextInt(cols.length)];
    ShapeKind s = ShapeKind.values()[r.nextInt(ShapeKind.values().length)];
    double rad = size * radiusFrac;
    double slack = Math.max(0, size / 2.0 - rad - 2);
    List<SceneObject> objs = new ArrayList<>();
    double cx = size / 2.0 + (2 * r.nextDouble() - 1) * slack;
    double cy = size / 2.0 + (2 * r.nextDouble() - 1) * slack;
    for (int k = 0; k < others; k++) {
      SceneColor oc = cols[r.nextInt(cols.length)];
      objs.add(new SceneObject(ShapeKind.CIRCLE, oc, false, 0, 0, 4 + r.nextDouble() * (size - 8), 4 + r.nextDouble() * (size - 8), size * 0.06));
    }
    objs.add(new SceneObject(s, c, true, 1, 1, cx, cy, rad));
    int[] bgs = {0xF4F4F2, 0xEAE5D6, 0xDCE3EA, 0xE4E4E4};
    Scene scene = new Scene(size, 4, bgs[r.nextInt(bgs.length)], objs);
    RgbImage img = VisionOverfitProbe.rgb(scene.render());
    List<String> choices = new ArrayList<>();
    List<SceneColor> pool = new ArrayList<>(List.of(cols));
    pool.remove(c);
    java.util.Collections.shuffle(pool, r);
    List<SceneColor> pick = new ArrayList<>(pool.subList(0, 3));
    pick.add(r.nextInt(4), c);
    if (fixedOrder) {
      pick.sort(java.util.Comparator.comparingInt(Enum::ordinal));
    }
    for (SceneColor p : pick) {
      choices.add(p.word());
    }
    String user = TrainingPrompts.questionBlock("What color is the " + s.word() + "?", choices);
    return new Ex(VlmPrompt.of(List.of(img), user), choices, c.word(), "EASY");
  }

  @Test
  void probe() throws Exception {
    boolean frozen = Boolean.parseBoolean(System.getProperty("probe.frozen", "true"));
    int steps = Integer.getInteger("probe.steps", 300);
    int every = Integer.getInteger("probe.every", 100);
    double lr = Double.parseDouble(System.getProperty("probe.lr", "2e-3"));
    double radius = Double.parseDouble(System.getProperty("probe.radius", "0.3"));
    int others = Integer.getInteger("probe.others", 0);
    boolean fixed = Boolean.getBoolean("probe.fixed");
    int nTrain = Integer.getInteger("probe.train", 400);
    int nVal = Integer.getInteger("probe.val", 48);
    Random gr = new Random(11);
    List<Ex> train = new ArrayList<>();
    for (int i = 0; i < nTrain; i++) {
      train.add(example(gr, radius, others, fixed));
    }
    List<Ex> val = new ArrayList<>();
    for (int i = 0; i < nVal; i++) {
      val.add(example(gr, radius, others, fixed));
    }
    if (System.getProperty("probe.kinds") != null) {
      List<org.robustr1.degrade.scenes.QuestionKind> kinds = new ArrayList<>();
      for (String k : System.getProperty("probe.kinds").split(",")) {
        kinds.add(org.robustr1.degrade.scenes.QuestionKind.valueOf(k));
      }
      org.robustr1.degrade.scenes.SceneDatasetGenerator gen = org.robustr1.degrade.scenes.SceneDatasetGenerator.builder()
          .optTrainSize(nTrain).optValSize(nVal).optSeed(7).optGrid(Integer.getInteger("probe.grid", 2))
          .optObjectScale(Double.parseDouble(System.getProperty("probe.scale", "1"))).optQuestionKinds(kinds).build();
      train = fromGen(gen.generateSplit(org.robustr1.degrade.scenes.SceneDatasetGenerator.TRAIN));
      val = fromGen(gen.generateSplit(org.robustr1.degrade.scenes.SceneDatasetGenerator.VAL));
    }
    int curriculum = Integer.getInteger("probe.curriculum", 0);
    List<Ex> easy = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      easy.add(example(gr, 0.3, 0, false));
    }
    Path dir = Files.createTempDirectory("lprobe");
    CheckpointConfig c = EmbeddedModel.checkpointConfig();
    Qwen25VlModel model = Qwen25VlModel.randomInit(c.model(), 7, c.generation());
    model.setProcessor(Qwen25VlProcessor.load(EmbeddedModel.writeCheckpointFiles(dir)));
    try (QwenPolicy policy = new QwenPolicy(model)) {
      VisionOverfitProbe.features(model, train.stream().map(e -> new VisionOverfitProbe.Ex(e.prompt(), null, e.answer())).toList(), "init");
      model.setVisionFrozen(frozen);
      OptimizerConfig oc = OptimizerConfig.sftDefaults().withLearningRate(lr).withWeightDecay(0.0);
      Random rnd = new Random(3);
      long t0 = System.nanoTime();
      try (AdamW opt = new AdamW(oc, policy.trainableParameters())) {
        double run = 0;
        for (int step = 0; step < steps; step++) {
          int batch = 4;
          for (int b = 0; b < batch; b++) {
            List<Ex> src = step < curriculum ? easy : train;
            Ex e = src.get(rnd.nextInt(src.size()));
            int[] target = policy.assistantTargetIds(e.answer());
            try (NDManager tmp = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              try (EncodedPrompt enc = model.encode(e.prompt())) {
                NDArray l = model.sftLoss(tmp, enc, List.of(target)).div(batch);
                run += l.getFloat();
                gc.backward(l);
              }
            }
          }
          GradientClipping.clipGlobalNorm(opt.parameters().values(), 1.0);
          double rate = lr * Math.min(1.0, (step + 1) / 20.0);
          opt.update(rate);
          if ((step + 1) % every == 0 || step == steps - 1) {
            model.setVisionFrozen(true);
            System.out.printf("step %d train loss %.4f held-out acc %.3f own-vs-swapped %s (%.0f s)%n", step + 1, run / every,
                accuracy(model, policy, val), swapGap(model, policy, val), (System.nanoTime() - t0) / 1e9);
            model.setVisionFrozen(frozen);
            run = 0;
          }
        }
      }
    }
  }

  static List<Ex> fromGen(List<org.robustr1.degrade.scenes.SceneQuestion> qs) {
    List<Ex> out = new ArrayList<>();
    for (org.robustr1.degrade.scenes.SceneQuestion q : qs) {
      RgbImage img = VisionOverfitProbe.rgb(q.scene().render());
      String user = TrainingPrompts.questionBlock(q.record().question(), q.record().choices());
      out.add(new Ex(VlmPrompt.of(List.of(img), user), q.record().choices(), q.record().answer(), q.kind().name()));
    }
    return out;
  }

  static double accuracy(Qwen25VlModel model, QwenPolicy policy, List<Ex> val) {
    int hit = 0;
    java.util.Map<String, int[]> per = new java.util.TreeMap<>();
    for (Ex e : val) {
      String best = null;
      double bl = Double.MAX_VALUE;
      for (String ch : e.choices()) {
        double l = VisionOverfitProbe.evalLoss(model, e.prompt(), policy.assistantTargetIds(ch));
        if (l < bl) {
          bl = l;
          best = ch;
        }
      }
      hit += best.equals(e.answer()) ? 1 : 0;
      int[] pk = per.computeIfAbsent(e.kind(), k -> new int[2]);
      pk[0] += best.equals(e.answer()) ? 1 : 0;
      pk[1]++;
    }
    per.forEach((k, v) -> System.out.printf("  %s %d/%d%n", k, v[0], v[1]));
    return (double) hit / val.size();
  }

  static String swapGap(Qwen25VlModel model, QwenPolicy policy, List<Ex> val) {
    double own = 0;
    double other = 0;
    for (int i = 0; i < val.size(); i++) {
      Ex a = val.get(i);
      Ex b = val.get((i + 1) % val.size());
      int[] t = policy.assistantTargetIds(a.answer());
      own += VisionOverfitProbe.evalLoss(model, a.prompt(), t);
      other += VisionOverfitProbe.evalLoss(model, new VlmPrompt(b.prompt().images(), a.prompt().user(), null), t);
    }
    return String.format("%.3f/%.3f", own / val.size(), other / val.size());
  }
}
