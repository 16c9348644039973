package org.robustr1.serve.page;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.function.Supplier;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneQuestion;
import org.robustr1.eval.data.ImageCodec;

/**
 * The page's bundled examples: robustr1-degrade's house picture, and two procedural scenes with
 * their colour questions in the format the demo's tiny models are trained on (2×2 grid, objects
 * 1.5× the default size, numbered choices as in Robust-R1's example questions).
 */
final class Examples {

  /**
   * One example.
   *
   * @param id its id in {@code /api/examples/{id}.png}
   * @param title what the page shows
   * @param question the question with numbered choices
   * @param png the image as PNG
   */
  record Example(String id, String title, String question, byte[] png) {}

  private static final Supplier<ImmutableList<Example>> ALL = Suppliers.memoize(Examples::make);

  private Examples() {}

  static List<Example> all() {
    return ALL.get();
  }

  private static ImmutableList<Example> make() {
    ImmutableList.Builder<Example> out = ImmutableList.builder();
    out.add(new Example("house", "House (robustr1-degrade's bundled picture)",
        TrainingPrompts.questionBlock("What is shown in the picture?", List.of("a boat", "a house", "a tree", "a car")),
        png(BundledImages.house())));
    SceneDatasetGenerator scenes = SceneDatasetGenerator.builder().optGrid(2).optObjectScale(1.5)
        .optQuestionKinds(List.of(QuestionKind.COLOR)).optSeed(11).optTrainSize(0).optValSize(2).build();
    int i = 0;
    for (SceneQuestion q : scenes.generateSplit(SceneDatasetGenerator.VAL)) {
      out.add(new Example("scene-" + i, "Scene " + (i + 1) + " (procedural shapes, as the demo's models learn)",
          TrainingPrompts.questionBlock(q.record().question(), q.record().choices()),
          png(RgbImage.of(q.scene().render()))));
      i++;
    }
    return out.build();
  }

  private static byte[] png(RgbImage img) {
    return ImageCodec.encode(img, "png");
  }
}
