package org.robustr1.demo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneQuestion;
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
 * Manual diagnostic, not run by surefire (the name matches no test pattern): tries to overfit 20
 * COLOR scene questions with the embedded model through encode / sftLoss / AdamW and prints pixel
 * and feature spreads across images, the gradient of the loss wrt the features against a finite
 * difference, and the final loss with the right and a neighbour's image. Run with {@code
 * -Dtest=VisionOverfitProbe -Dprobe.steps=N -Dprobe.lr=X -Dprobe.frozen=true|false
 * -Dprobe.solid=true} (solid images coloured by the answer) or {@code -Dprobe.grid=true} (the warm-up's
 * "What colour is the shape in the R row, C column?" questions of {@link GridQuestions} on 40
 * objects of those scenes).
 */
class VisionOverfitProbe {

  record Ex(VlmPrompt prompt, int[] target, String answer) {}

  static RgbImage rgb(BufferedImage img) {
    return RgbImage.of(img);
  }

  @Test
  void probe() throws Exception {
    boolean frozen = Boolean.getBoolean("probe.frozen");
    int steps = Integer.getInteger("probe.steps", 300);
    double lr = Double.parseDouble(System.getProperty("probe.lr", "2e-3"));
    SceneDatasetGenerator gen =
        SceneDatasetGenerator.builder().optTrainSize(300).optValSize(4).optImageSize(EmbeddedModel.IMAGE_SIZE).optSeed(7).build();
    List<SceneQuestion> qs = new ArrayList<>();
    for (SceneQuestion q : gen.generateSplit(SceneDatasetGenerator.TRAIN)) {
      if (q.kind() == QuestionKind.COLOR && qs.size() < 20) {
        qs.add(q);
      }
    }
    Path dir = Files.createTempDirectory("probe");
    CheckpointConfig c = EmbeddedModel.checkpointConfig();
    Qwen25VlModel model = Qwen25VlModel.randomInit(c.model(), 1, c.generation());
    model.setProcessor(Qwen25VlProcessor.load(EmbeddedModel.writeCheckpointFiles(dir)));
    try (QwenPolicy policy = new QwenPolicy(model)) {
      List<Ex> exs = new ArrayList<>();
      for (SceneQuestion q : qs) {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(gen.encodeJpeg(q.scene().render())));
        RgbImage r = rgb(img);
        if (Boolean.getBoolean("probe.solid")) {
          int h = q.record().answer().hashCode() * 0x9E3779B1;
          byte[] px = new byte[r.pixels().length];
          for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (h >> (8 * (i % 3)));
          }
          r = new RgbImage(r.width(), r.height(), px);
        }
        String user = TrainingPrompts.questionBlock(q.record().question(), q.record().choices());
        exs.add(new Ex(VlmPrompt.of(List.of(r), user), policy.assistantTargetIds(q.record().answer()), q.record().answer()));
      }
      if (Boolean.getBoolean("probe.grid")) {
        exs.clear();
        for (GridQuestions.Item g : GridQuestions.of(qs)) {
          if (exs.size() < 40) {
            exs.add(new Ex(VlmPrompt.of(List.of(g.image()), g.user()), policy.assistantTargetIds(g.target()), g.target()));
          }
        }
      }
      System.out.println("example 0 user: " + exs.get(0).prompt().user() + " -> " + exs.get(0).answer());
      int[] ids0 = model.processor().get().encode(exs.get(0).prompt()).inputIds();
      System.out.println("prompt ids: " + java.util.Arrays.toString(ids0));
      System.out.println("target ids: " + java.util.Arrays.toString(exs.get(0).target()));
      List<float[]> pv = new ArrayList<>();
      for (Ex e : exs.subList(0, 6)) {
        pv.add(model.processor().get().encode(e.prompt()).images().pixelValues());
      }
      for (int i = 0; i < pv.size(); i++) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < pv.size(); j++) {
          sb.append(String.format(" %.4f", dist(pv.get(i), pv.get(j))));
        }
        System.out.printf("pixels %d std %.4f len %d dists:%s%n", i, std(pv.get(i)), pv.get(i).length, sb);
      }
      features(model, exs, "init");
      gradCheck(model, exs);
      model.setVisionFrozen(frozen);
      OptimizerConfig oc = OptimizerConfig.sftDefaults().withLearningRate(lr).withWeightDecay(0.0);
      Random rnd = new Random(3);
      try (AdamW opt = new AdamW(oc, policy.trainableParameters())) {
        for (int step = 0; step < steps; step++) {
          double loss = 0;
          int batch = 4;
          for (int b = 0; b < batch; b++) {
            Ex e = exs.get(rnd.nextInt(exs.size()));
            try (NDManager tmp = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              try (EncodedPrompt enc = model.encode(e.prompt())) {
                NDArray l = model.sftLoss(tmp, enc, List.of(e.target())).div(batch);
                loss += l.getFloat();
                gc.backward(l);
              }
            }
          }
          GradientClipping.clipGlobalNorm(opt.parameters().values(), 1.0);
          opt.update(lr);
          if (step % 25 == 0 || step == steps - 1) {
            System.out.printf("step %d loss %.4f%n", step, loss);
          }
        }
      }
      model.setVisionFrozen(true);
      features(model, exs, "trained");
      double own = 0;
      double swapped = 0;
      for (int i = 0; i < exs.size(); i++) {
        own += evalLoss(model, exs.get(i).prompt(), exs.get(i).target());
        Ex other = exs.get((i + 1) % exs.size());
        swapped += evalLoss(model, new VlmPrompt(other.prompt().images(), exs.get(i).prompt().user(), null), exs.get(i).target());
      }
      System.out.printf("final mean loss own image %.4f, neighbour's image %.4f%n", own / exs.size(), swapped / exs.size());
    }
  }

  static void gradCheck(Qwen25VlModel model, List<Ex> exs) {
    Ex e = exs.get(0);
    System.out.printf("init loss own %.6f neighbour %.6f%n", evalLoss(model, e.prompt(), e.target()),
        evalLoss(model, new VlmPrompt(exs.get(1).prompt().images(), e.prompt().user(), null), e.target()));
    EncodedPrompt base = GradMode.noGrad(() -> model.encode(e.prompt()));
    NDArray f = base.features().duplicate();
    f.setRequiresGradient(true);
    float[] g;
    double l0;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      EncodedPrompt p = new EncodedPrompt(base.ids(), base.grids(), f, base.rope());
      NDArray l = model.sftLoss(model.manager(), p, List.of(e.target()));
      l0 = l.getFloat();
      gc.backward(l);
      g = f.getGradient().toFloatArray();
    }
    double gn = 0;
    for (float v : g) gn += v * v;
    gn = Math.sqrt(gn);
    System.out.printf("loss %.6f, |dL/dfeatures| = %.3e%n", l0, gn);
    double eps = 1e-2 / Math.max(gn, 1e-12);
    NDArray g2 = model.manager().create(g, f.getShape());
    NDArray f2 = base.features().sub(g2.mul(eps));
    double l1 = GradMode.noGrad(() -> {
      try (NDManager tmp = NDManager.newBaseManager()) {
        return (double) model.sftLoss(tmp, new EncodedPrompt(base.ids(), base.grids(), f2, base.rope()), List.of(e.target())).getFloat();
      }
    });
    System.out.printf("finite difference: loss(f - eps g) - loss(f) = %.3e, predicted %.3e%n", l1 - l0, -eps * gn * gn);
  }

  static double evalLoss(Qwen25VlModel model, VlmPrompt p, int[] target) {
    return GradMode.noGrad(
        () -> {
          try (NDManager tmp = NDManager.newBaseManager(); EncodedPrompt enc = model.encode(p)) {
            return (double) model.sftLoss(tmp, enc, List.of(target)).getFloat();
          }
        });
  }

  static void features(Qwen25VlModel model, List<Ex> exs, String tag) {
    GradMode.noGrad(
        () -> {
          List<float[]> f = new ArrayList<>();
          for (Ex e : exs.subList(0, 6)) {
            try (EncodedPrompt enc = model.encode(e.prompt())) {
              f.add(enc.features().toFloatArray());
            }
          }
          float[] emb = model.network().lmHeadWeight().toFloatArray();
          System.out.printf("%s: text embedding std %.4f%n", tag, std(emb));
          for (int i = 0; i < f.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < f.size(); j++) {
              sb.append(String.format(" %.4f", dist(f.get(i), f.get(j))));
            }
            System.out.printf("%s: image %d feature std %.4f (len %d) dists:%s%n", tag, i, std(f.get(i)), f.get(i).length, sb);
          }
          return null;
        });
  }

  static double std(float[] a) {
    double m = 0;
    for (float v : a) m += v;
    m /= a.length;
    double s = 0;
    for (float v : a) s += (v - m) * (v - m);
    return Math.sqrt(s / a.length);
  }

  static double dist(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return Math.sqrt(s / a.length);
  }
}
