package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.robustr1.core.io.AokvqaRecord;

/**
 * A scene dataset written to disk in the A-OKVQA / COCO layout.
 *
 * @param root the folder holding {@code aokvqa_v1p0_{split}.json} and {@code {split}2017/}
 * @param train the training rows, in file order
 * @param val the validation rows, in file order
 */
public record SceneDataset(Path root, List<AokvqaRecord> train, List<AokvqaRecord> val) {

  /** Validates the values and copies the lists. */
  public SceneDataset {
    checkNotNull(root, "root");
    train = List.copyOf(train);
    val = List.copyOf(val);
  }

  /** The annotation file of a split: {@code root/aokvqa_v1p0_{split}.json}. */
  public Path annotationFile(String split) {
    return annotationFile(root, split);
  }

  /** The image file of a row: {@code root/{split}2017/{image_id:012d}.jpg}. */
  public Path imageFile(AokvqaRecord record) {
    return root.resolve(record.imagePath());
  }

  /** The rows of {@code train} or {@code val}. */
  public List<AokvqaRecord> split(String split) {
    switch (split) {
      case SceneDatasetGenerator.TRAIN:
        return train;
      case SceneDatasetGenerator.VAL:
        return val;
      default:
        throw new IllegalArgumentException("unknown split '" + split + "', expected train or val");
    }
  }

  /** The annotation file name A-OKVQA uses: {@code aokvqa_v1p0_{split}.json}. */
  public static Path annotationFile(Path root, String split) {
    checkArgument(!split.isBlank(), "split must not be blank");
    return root.resolve(String.format(Locale.ROOT, "aokvqa_v1p0_%s.json", split));
  }
}
