package org.robustr1.train.synthetic;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.robustr1.core.io.TrainRow;

/**
 * Writes tiny synthetic degraded-image sets in the Robust-R1 {@code train.jsonl} layout, for the
 * SFT-then-GRPO learning check on the tiny Qwen2.5-VL.
 *
 * <p>Every image is a 56×56 stripe pattern (period 8 px) degraded by one of the {@link #LABELS}:
 * motion blur is a horizontal box blur of width {@code round(16·strength)} px drawn in red,
 * Gaussian noise adds noise of σ = {@code 120·strength} to the stripes drawn in blue. The
 * assistant turn is the shortest chain the official format reward accepts, {@code
 * <TYPE>name(strength)<TYPE_END><INFLUENCE>x<INFLUENCE_END><REASONING>y<REASONING_END>
 * <CONCLUSION>z<CONCLUSION_END><ANSWER>a<ANSWER_END>} (no whitespace, 55 Qwen tokens with
 * {@code <|im_end|>}), the answer being 0 for blur and 1 for noise to the question {@link
 * #QUESTION}.
 *
 * <p>{@link #writeAmbiguous} writes each image once per label: supervised on it, a model learns
 * the chain format and the label vocabulary but has no reason to prefer one label for an image.
 * {@link #writeLabelled} writes images with their true labels: the GRPO set, where only the
 * reward (r_deg, accuracy) tells which label is right.
 */
public final class SyntheticDegradationData {

  /** The jsonl file name written in each set's folder (images lie beside it). */
  public static final String TRAIN_FILE = "train.jsonl";

  /** The user turn of every row (after the {@code <image>} placeholder). */
  public static final String QUESTION = "Which degradation?\n0. blur\n1. noise\n";

  /** The four classes: motion blur and Gaussian noise, each at strength 0.9 and 0.23. */
  public static final ImmutableList<Label> LABELS =
      ImmutableList.of(
          new Label("motion blur", "0.9", "0"),
          new Label("gaussian noise", "0.9", "1"),
          new Label("motion blur", "0.23", "0"),
          new Label("gaussian noise", "0.23", "1"));

  private static final int SIZE = 56;

  private SyntheticDegradationData() {}

  /**
   * A degradation class.
   *
   * @param type the degradation name as written in the TYPE section
   * @param strength the strength as written (parsed by r_deg with Python's {@code float()})
   * @param answer the answer letter of {@link #QUESTION}
   */
  public record Label(String type, String strength, String answer) {

    /** Validates the strength. */
    public Label {
      requireNonNull(type, "type");
      requireNonNull(answer, "answer");
      double s = Double.parseDouble(requireNonNull(strength, "strength"));
      checkArgument(s >= 0 && s <= 1, "strength must be in [0, 1], got %s", strength);
    }

    /** The assistant turn: the minimal five-section chain with this label. */
    public String chain() {
      return "<TYPE>" + type + "(" + strength + ")<TYPE_END><INFLUENCE>x<INFLUENCE_END><REASONING>y<REASONING_END>"
          + "<CONCLUSION>z<CONCLUSION_END><ANSWER>" + answer + "<ANSWER_END>";
    }

    boolean isBlur() {
      return type.equals("motion blur");
    }
  }

  /**
   * Writes {@code images} images cycling over {@link #LABELS}, each as {@code LABELS.size()} rows,
   * one per label (so {@code 4·images} rows). Returns the jsonl path.
   */
  public static Path writeAmbiguous(Path dir, int images, long seed) throws IOException {
    checkArgument(images > 0, "images must be > 0, got %s", images);
    Random rnd = new Random(seed);
    List<String> lines = new ArrayList<>();
    Files.createDirectories(dir);
    for (int i = 0; i < images; i++) {
      String file = writeImage(dir, i, LABELS.get(i % LABELS.size()), rnd);
      for (Label l : LABELS) {
        lines.add(row(file, l));
      }
    }
    return writeRows(dir, lines);
  }

  /**
   * Writes {@code rows} images cycling over {@code classes}, each with its true label. Returns the
   * jsonl path.
   */
  public static Path writeLabelled(Path dir, List<Label> classes, int rows, long seed) throws IOException {
    checkArgument(!classes.isEmpty(), "no classes");
    checkArgument(rows > 0, "rows must be > 0, got %s", rows);
    Random rnd = new Random(seed);
    List<String> lines = new ArrayList<>();
    Files.createDirectories(dir);
    for (int i = 0; i < rows; i++) {
      Label l = classes.get(i % classes.size());
      lines.add(row(writeImage(dir, i, l, rnd), l));
    }
    return writeRows(dir, lines);
  }

  /** The image of class {@code label}, its stripe phase and noise drawn from {@code rnd}. */
  public static BufferedImage image(Label label, Random rnd) {
    double strength = Double.parseDouble(label.strength());
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    int phase = rnd.nextInt(8);
    int width = Math.max(1, (int) Math.round(16 * strength));
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int v;
        if (label.isBlur()) {
          double acc = 0;
          for (int d = 0; d < width; d++) {
            acc += stripe(x + d + phase);
          }
          v = (int) (acc / width);
        } else {
          v = stripe(x + phase) + (int) (rnd.nextGaussian() * 120 * strength);
        }
        v = Math.max(0, Math.min(255, v));
        img.setRGB(x, y, label.isBlur() ? (v << 16) | (40 << 8) | 40 : (40 << 16) | (40 << 8) | v);
      }
    }
    return img;
  }

  private static int stripe(int x) {
    return (x / 4) % 2 == 0 ? 220 : 40;
  }

  private static String writeImage(Path dir, int i, Label label, Random rnd) throws IOException {
    String file = "img" + i + ".png";
    Path out = dir.resolve(file);
    if (!ImageIO.write(image(label, rnd), "png", out.toFile())) {
      throw new IOException("no PNG writer for " + out);
    }
    return file;
  }

  private static String row(String image, Label label) {
    return TrainRow.of(List.of(image), "<image>" + QUESTION, label.chain()).toCompactJson();
  }

  private static Path writeRows(Path dir, List<String> lines) throws IOException {
    Path file = dir.resolve(TRAIN_FILE);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
