package org.robustr1.train.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardFunction;

/** Synthetic data for the toy policy: red and blue images whose answers are "aaa" and "bbb". */
public final class ToyData {

  private ToyData() {}

  /** Writes {@code rows} rows (alternating red/blue) and their images under {@code dir}. */
  public static TrainDataset write(Path dir, int rows) throws IOException {
    Path imgs = Files.createDirectories(dir.resolve("images"));
    writePng(imgs.resolve("red.png"), 0xE02020);
    writePng(imgs.resolve("blue.png"), 0x2020E0);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean red = i % 2 == 0;
      lines.add(
          "{\"image\": \"" + (red ? "red.png" : "blue.png") + "\", \"conversations\": [{\"from\": \"human\", \"value\":"
              + " \"<image>which letter? #" + i + "\"}, {\"from\": \"gpt\", \"value\": \"" + (red ? "aaa" : "bbb") + "\"}]}");
    }
    Path data = dir.resolve("train.jsonl");
    Files.write(data, lines);
    return TrainDataReader.read(data, new ImageRoot(imgs), OnBadRow.FAIL, true);
  }

  /** The lines of {@code out/metrics.jsonl} without the wall-clock {@code step_time}. */
  public static List<String> metricsWithoutTime(Path out) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(l);
      n.remove("step_time");
      lines.add(n.toString());
    }
    return lines;
  }

  private static void writePng(Path file, int rgb) throws IOException {
    BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }

  /**
   * Two components: {@code hit}, the fraction of letters equal to the answer's letter, and {@code
   * len}, {@code 1 − |len − 3| / 3}.
   */
  public static RewardFunction reward() {
    RewardFunction hit =
        new RewardFunction() {
          @Override
          public String name() {
            return "hit";
          }

          @Override
          public double reward(String c, RewardContext context) {
            // solution is "<answer> aaa </answer>"
            char target = context.solution().orElseThrow().charAt("<answer> ".length());
            long n = c.chars().filter(ch -> ch == target).count();
            return c.isEmpty() ? 0 : (double) n / c.length();
          }
        };
    RewardFunction len =
        new RewardFunction() {
          @Override
          public String name() {
            return "len";
          }

          @Override
          public double reward(String c, RewardContext context) {
            return 1 - Math.abs(c.length() - 3) / 3.0;
          }
        };
    return CompositeReward.builder().add(hit).add(len).build();
  }

}
