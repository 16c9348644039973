package org.robustr1.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.SceneQuestion;

/**
 * Dense per-cell questions for the vision diagnostics: for every object of a clean scene render,
 * "What colour is the shape in the R row, C column?" with its colour word as target (each 28-pixel
 * layout cell is one merged image token at 112²).
 */
final class GridQuestions {

  /** One question: the clean render, the user text and the target colour word. */
  record Item(RgbImage image, String user, String target) {}

  private static final String[] ORDINALS = {"first", "second", "third", "fourth"};

  private GridQuestions() {}

  static List<Item> of(List<SceneQuestion> scenes) {
    List<Item> out = new ArrayList<>();
    for (SceneQuestion q : scenes) {
      Scene scene = q.scene();
      RgbImage img = VisionOverfitProbe.rgb(scene.render());
      List<SceneObject> objs = new ArrayList<>(scene.objects());
      objs.sort(Comparator.comparingInt(SceneObject::cellRow).thenComparingInt(SceneObject::cellColumn));
      for (SceneObject o : objs) {
        if (o.cellRow() < ORDINALS.length && o.cellColumn() < ORDINALS.length) {
          out.add(new Item(img, "What colour is the shape in the " + ORDINALS[o.cellRow()] + " row, "
              + ORDINALS[o.cellColumn()] + " column?", o.color().word()));
        }
      }
    }
    return out;
  }
}
