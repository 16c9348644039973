package org.robustr1.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.image.RgbImage;

/** sft and grpo read images as Qwen's processor sees them (grey not brightened, truncated refused). */
class ImageLoaderTest {

  @TempDir Path dir;

  @Test
  void greyPixel190ReachesTheTrainerAs190() throws Exception {
    BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(0, 0, 0, 190);
    Path f = dir.resolve("g.png");
    ImageIO.write(g, "png", f.toFile());
    RgbImage img = ImageLoader.load(f);
    assertThat(new int[] {img.get(0, 0, 0), img.get(0, 0, 1), img.get(0, 0, 2)}).containsExactly(190, 190, 190);
  }

  @Test
  void greyAndAlphaIsCompositedOntoWhiteAsTheProcessorDoes() throws Exception {
    BufferedImage ga = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    ga.setRGB(0, 0, 0x00102030); // fully transparent: white for Qwen's convert_to_rgb
    Path f = dir.resolve("t.png");
    ImageIO.write(ga, "png", f.toFile());
    assertThat(ImageLoader.load(f).pixels()).containsExactly((byte) 255, (byte) 255, (byte) 255);
  }

  @Test
  void aTruncatedJpegIsRefusedNamingTheFile() throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x + y));
      }
    }
    Path full = dir.resolve("full.jpg");
    ImageIO.write(img, "jpg", full.toFile());
    byte[] data = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.jpg");
    Files.write(cut, Arrays.copyOf(data, data.length / 2));
    assertThatThrownBy(() -> ImageLoader.load(cut))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated JPEG");
  }
}
