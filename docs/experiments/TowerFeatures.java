package org.robustr1.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * Writes the pooled merged-token features of {@link TowerProbe} (mean, standard deviation, max and min
 * over the image's merged tokens, in that order) of every image of a demo chain dataset, one CSV row
 * per image: {@code images/NAME,f1,f2,...}. Usage: {@code MODEL DATA OUT.csv}; read by
 * {@code perception_ceiling.py} for a non-linear probe of the tower.
 */
public final class TowerFeatures {

  public static void main(String[] a) throws Exception {
    Path images = Path.of(a[1]).resolve("images");
    List<String> names;
    try (Stream<Path> s = Files.list(images)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Qwen25VlModel m = Qwen25VlModel.load(Path.of(a[0]));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[2])))) {
      Qwen25VlProcessor proc = m.processor().orElseThrow();
      ImageDecoder decoder = ImageDecoder.qwen();
      for (String n : names) {
        StringBuilder row = new StringBuilder("images/").append(n);
        for (double v : TowerProbe.pooled(m, proc, decoder.read(images.resolve(n)))) {
          row.append(',').append((float) v);
        }
        w.println(row);
      }
    }
  }
}
