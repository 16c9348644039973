package org.robustr1.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.robustr1.core.io.TrainRow;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneQuestion;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.train.RunOptions;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.policy.TrainablePolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * Can a model of {@code robustr1-tiny}'s size learn where a shape is? One shape on a plain
 * background in one quadrant of a 112-px image, "Where is the shape?" → "top left" …; a checkpoint
 * folder fine-tuned by {@link SftTrainer} (language model only, as in the demo), then greedy answers
 * on 200 held-out images, also scored by half (top/bottom, left/right; chance 50 %). With {@code
 * scenes} as the fifth argument the images are the demo's scenes instead (two to four shapes,
 * written as PNG without the demo's JPEG step) and
 * the question names one of them ("Where is the red square?"), asked openly, without choices
 * ({@code scenes:COLOR} and the like ask another {@code QuestionKind} of the demo instead; the
 * halves then mean nothing).
 * Usage: {@code OUT MODEL_DIR [STEPS [LR [scenes|shapes [TRAIN_IMAGES]]]]}. Defaults: 400 steps of 8,
 * lr 1e-3, lone shapes, 1,000 training images (200 more held out).
 */
public final class PositionLearning {

  private static final String[] QUADRANTS = {"top left", "top right", "bottom left", "bottom right"};

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    int steps = a.length > 2 ? Integer.parseInt(a[2]) : 400;
    double lr = a.length > 3 ? Double.parseDouble(a[3]) : 1e-3;
    boolean scenes = a.length > 4 && a[4].startsWith("scenes");
    QuestionKind kind = a.length > 4 && a[4].startsWith("scenes:") ? QuestionKind.valueOf(a[4].substring(7)) : QuestionKind.POSITION;
    int trainImages = a.length > 5 ? Integer.parseInt(a[5]) : 1000;
    Path images = Files.createDirectories(out.resolve("img"));
    Random rnd = new Random(5);
    SceneDatasetGenerator demoScenes = SceneDatasetGenerator.builder()
        .optTrainSize(trainImages + 200)
        .optValSize(1)
        .optImageSize(EmbeddedModel.IMAGE_SIZE)
        .optSeed(5)
        .optGrid(2)
        .optObjectScale(1.5)
        .optQuestionKinds(List.of(kind))
        .build();
    List<String> train = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (int i = 0; i < trainImages + 200; i++) {
      String name = "p" + i + ".png";
      String row;
      if (scenes) {
        SceneQuestion q = demoScenes.questionAt(SceneDatasetGenerator.TRAIN, i);
        ImageIO.write(q.scene().render(), "png", images.resolve(name).toFile());
        row = TrainRow.of(List.of(name), "<image>" + q.record().question(), q.record().answer()).toCompactJson();
      } else {
        int q = rnd.nextInt(4);
        ImageIO.write(scene(q, rnd), "png", images.resolve(name).toFile());
        row = TrainRow.of(List.of(name), "<image>Where is the shape?", QUADRANTS[q]).toCompactJson();
      }
      (i < trainImages ? train : held).add(row);
    }
    Files.write(out.resolve("train.jsonl"), train, StandardCharsets.UTF_8);
    Files.write(out.resolve("held.jsonl"), held, StandardCharsets.UTF_8);
    ImageRoot root = new ImageRoot(images);
    TrainDataset trainSet = TrainDataReader.read(out.resolve("train.jsonl"), root, OnBadRow.FAIL, true);
    TrainDataset heldSet = TrainDataReader.read(out.resolve("held.jsonl"), root, OnBadRow.FAIL, true);
    try (QwenPolicy policy = QwenPolicy.load(Path.of(a[1]))) {
      SftConfig cfg =
          SftConfig.defaults()
              .withBatch(8, 1)
              .withSteps(1, steps)
              .withCutoffLen(1024)
              .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(lr).withWeightDecay(0.0)
                  .withSchedule(ScheduleType.COSINE, -1, 0.1))
              .withSeedAndSaving(1, 0)
              .withPromptStyle(PromptStyle.RAW);
      long t0 = System.nanoTime();
      new SftTrainer(cfg, policy).train(trainSet, RunOptions.of(out.resolve("run")).withProgressBar(false));
      double seconds = (System.nanoTime() - t0) / 1e9;
      RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
      int right = 0;
      int row = 0;
      int side = 0;
      for (TrainExample ex : heldSet.rows()) {
        try (TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(ex))) {
          String said = policy.sample(p, 1, SamplingConfig.greedy(4)).get(0).text().strip();
          String[] want = ex.answer().strip().split(" ");
          String[] got = said.split(" ");
          right += said.equals(ex.answer().strip()) ? 1 : 0;
          row += got.length == 2 && got[0].equals(want[0]) ? 1 : 0;
          side += got.length == 2 && got[1].equals(want[1]) ? 1 : 0;
        }
      }
      double n = heldSet.size();
      System.out.printf(Locale.ROOT, "%s, %d steps (%.0f s): quadrant %.1f %%, top/bottom %.1f %%, left/right %.1f %% (n=%d)%n",
          a[1], steps, seconds, 100 * right / n, 100 * row / n, 100 * side / n, (int) n);
    }
  }

  /** One shape of random colour, kind and size, centred at random inside quadrant {@code q}. */
  private static BufferedImage scene(int q, Random rnd) {
    int n = EmbeddedModel.IMAGE_SIZE;
    BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(215 + rnd.nextInt(40), 215 + rnd.nextInt(40), 215 + rnd.nextInt(40)));
    g.fillRect(0, 0, n, n);
    g.setColor(Color.getHSBColor(rnd.nextFloat(), 0.8f, 0.5f + 0.4f * rnd.nextFloat()));
    int r = 8 + rnd.nextInt(10);
    int half = n / 2;
    int cx = (q % 2) * half + r + rnd.nextInt(half - 2 * r);
    int cy = (q / 2) * half + r + rnd.nextInt(half - 2 * r);
    if (rnd.nextBoolean()) {
      g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    } else {
      g.fillRect(cx - r, cy - r, 2 * r, 2 * r);
    }
    g.dispose();
    return img;
  }
}
