package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;

/** From the fixture's PNGs and question to its prompt ids and greedy tokens, through the processor. */
class EndToEndPngTest {

  static RgbImage read(Path p) throws Exception {
    BufferedImage img = ImageIO.read(p.toFile());
    byte[] px = new byte[img.getWidth() * img.getHeight() * 3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int i = (y * img.getWidth() + x) * 3;
        px[i] = (byte) (rgb >> 16);
        px[i + 1] = (byte) (rgb >> 8);
        px[i + 2] = (byte) rgb;
      }
    }
    return new RgbImage(img.getWidth(), img.getHeight(), px);
  }

  @Test
  void pngsToGreedyTokens() throws Exception {
    Path dir = Golden.dir();
    String question = Golden.json("inputs.json").get("question").asText();
    VlmPrompt prompt =
        VlmPrompt.of(List.of(read(dir.resolve("image_0.png")), read(dir.resolve("image_1.png"))), question);
    try (Qwen25VlModel model = Qwen25VlModel.load(dir)) {
      assertThat(model.processor()).isPresent();
      Generation g = model.generate(prompt, SamplingConfig.greedy(12));
      assertThat(g.promptIds()).containsExactly(Golden.inputIds());
      assertThat(g.tokenIds())
          .containsExactly(Golden.ints(Golden.json("generation.json").get("new_token_ids")));
      assertThat(g.logProbs()).hasSize(12);
      assertThat(g.text()).isNotNull();
    }
  }
}
