package org.robustr1.bench.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.device.Precision;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlCheckpoints;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.policy.QwenPolicy;

/**
 * What the training benchmarks share: a one-image training set written to disk (a 448×448 random
 * image, rows in the Robust-R1 {@code train.jsonl} format) and a random-weight policy with the real
 * Qwen processor.
 */
final class BenchRuns {

  private BenchRuns() {}

  /**
   * Writes {@code img.png} (448×448 noise) and {@code train.jsonl} with {@code rows} copies of one
   * row asking {@code question} with answer {@code answer} into {@code dir}, and reads them back.
   */
  static TrainDataset imageRows(Path dir, String question, String answer, int rows) throws IOException {
    Files.createDirectories(dir);
    BufferedImage img = new BufferedImage(448, 448, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(1);
    for (int y = 0; y < 448; y++) {
      for (int x = 0; x < 448; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    ImageIO.write(img, "png", dir.resolve("img.png").toFile());
    ObjectMapper om = new ObjectMapper();
    ObjectNode row = om.createObjectNode();
    row.put("image", "img.png");
    ArrayNode conv = row.putArray("conversations");
    conv.addObject().put("from", "human").put("value", "<image>" + question);
    conv.addObject().put("from", "gpt").put("value", answer);
    StringBuilder sb = new StringBuilder();
    String line = om.writeValueAsString(row);
    for (int i = 0; i < rows; i++) {
      sb.append(line).append('\n');
    }
    Path file = dir.resolve("train.jsonl");
    Files.writeString(file, sb.toString());
    return TrainDataReader.read(file, new ImageRoot(dir), OnBadRow.FAIL, true);
  }

  /**
   * A policy over random fp32 weights of {@code cfg} on {@code device} (the default device when
   * null) with the processor (tokenizer, image processor) of {@code processorDir}.
   */
  static QwenPolicy randomPolicy(Qwen25VlConfig cfg, GenerationConfig gen, Path processorDir, Device device)
      throws IOException {
    Qwen25VlModel m = Qwen25VlCheckpoints.randomInit(cfg, 42, gen, device, Precision.FP32);
    try {
      m.setProcessor(Qwen25VlProcessor.load(processorDir));
      return new QwenPolicy(m);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }
}
