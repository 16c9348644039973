package org.robustr1.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/** Test helper: real JPEGs and small VLMEvalKit TSVs. */
public final class TestImages {

  private TestImages() {}

  /** A base64 JPEG of a w x h image with a coloured rectangle. */
  public static String jpegBase64(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256));
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", bos);
      return Base64.getEncoder().encodeToString(bos.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an MMStar-like TSV of {@code n} items: question "Qk: what colour?", options A-D, answer
   * cycling A..D, category/l2-category, real JPEGs; every third row aliases row 0's image.
   */
  public static Path mmstarLike(Path dir, int n) throws IOException {
    StringBuilder sb = new StringBuilder("index\tquestion\thint\tA\tB\tC\tD\tanswer\tcategory\tl2-category\timage\n");
    for (int i = 0; i < n; i++) {
      String img = i > 0 && i % 3 == 0 ? "0" : jpegBase64(32 + i, 24, i);
      sb.append(i).append('\t').append("Q").append(i).append(": what colour?").append('\t')
          .append('\t').append("red\tgreen\tblue\twhite\t").append("ABCD".charAt(i % 4)).append('\t')
          .append(i % 2 == 0 ? "coarse perception" : "fine-grained perception").append('\t')
          .append(i % 2 == 0 ? "image scene and topic" : "object counting").append('\t')
          .append(img).append('\n');
    }
    Path p = dir.resolve("MMStar.tsv");
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    return p;
  }

  /** Extracts k from "Qk:" in a prompt. */
  public static int questionNumber(String text) {
    int q = text.indexOf("Question: Q");
    int colon = text.indexOf(':', q + 11);
    return Integer.parseInt(text.substring(q + 11, colon));
  }

  public static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p, StandardCharsets.UTF_8);
  }
}
