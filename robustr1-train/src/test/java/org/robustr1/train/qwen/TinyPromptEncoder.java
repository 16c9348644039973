package org.robustr1.train.qwen;

import java.io.IOException;
import java.nio.file.Path;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.processor.Qwen2VlImageProcessor;
import org.robustr1.model.tokenizer.QwenTokenizer;

/**
 * Test processors: the Qwen2.5-VL chat template over the real tokenizer of the golden tiny model,
 * and images resized to 56×56 = one 4×4-patch grid (4 merged tokens).
 */
final class TinyPromptEncoder implements AutoCloseable {

  private final Path tokenizerJson;
  private final QwenTokenizer tokenizer;

  TinyPromptEncoder(Path tokenizerJson) throws IOException {
    this.tokenizerJson = tokenizerJson;
    this.tokenizer = QwenTokenizer.load(tokenizerJson);
  }

  int[] encodeText(String text) {
    return tokenizer.encode(text);
  }

  /** A new processor (each model owns and closes its own). */
  Qwen25VlProcessor processor() throws IOException {
    return new Qwen25VlProcessor(
        QwenTokenizer.load(tokenizerJson),
        new Qwen2VlImageProcessor(PreprocessorConfig.qwen25Vl().withPixelBounds(56 * 56, 56 * 56)));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
