package org.robustr1.model.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.PilResample;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.tensor.NpyArray;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.testing.SharedData;

class Qwen2VlImageProcessorTest {

  private static Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
  }

  static RgbImage readPng(Path file) throws IOException {
    BufferedImage bi = ImageIO.read(file.toFile());
    byte[] px = new byte[bi.getWidth() * bi.getHeight() * 3];
    for (int y = 0; y < bi.getHeight(); y++) {
      for (int x = 0; x < bi.getWidth(); x++) {
        int rgb = bi.getRGB(x, y);
        int o = (y * bi.getWidth() + x) * 3;
        px[o] = (byte) (rgb >> 16);
        px[o + 1] = (byte) (rgb >> 8);
        px[o + 2] = (byte) rgb;
      }
    }
    return new RgbImage(bi.getWidth(), bi.getHeight(), px);
  }

  @Test
  void resizedImagesMatchPillowExactly() throws IOException {
    Qwen2VlImageProcessor proc = new Qwen2VlImageProcessor(PreprocessorConfig.read(golden()));
    for (int i = 0; i < 2; i++) {
      RgbImage img = readPng(golden().resolve("image_" + i + ".png"));
      NpyArray ref = NpyArray.read(golden().resolve("image_" + i + "_resized.npy"));
      RgbImage r = proc.resize(img);
      assertThat(new long[] {r.height(), r.width(), 3}).containsExactly(ref.shape());
      byte[] want = ref.toBytes();
      int maxDiff = 0;
      for (int k = 0; k < want.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs((want[k] & 0xFF) - (r.pixels()[k] & 0xFF)));
      }
      assertThat(maxDiff).as("image %s max |diff| in LSB", i).isZero();
    }
  }

  @Test
  void pixelValuesAndGridMatchGolden() throws IOException {
    Qwen2VlImageProcessor proc = new Qwen2VlImageProcessor(PreprocessorConfig.read(golden()));
    ProcessedImages out =
        proc.process(
            List.of(readPng(golden().resolve("image_0.png")), readPng(golden().resolve("image_1.png"))));
    assertThat(out.gridThw()).isDeepEqualTo(new long[][] {{1, 6, 8}, {1, 10, 14}});
    assertThat(out.tokenCounts()).containsExactly(12, 35);
    assertThat(out.rows()).isEqualTo(188);
    assertThat(out.rowOffset(1)).isEqualTo(48);
    NpyArray ref = NpyArray.read(golden().resolve("pixel_values.npy"));
    assertThat(ref.shape()).containsExactly(188, 1176);
    float[] want = ref.toFloats();
    double maxErr = 0;
    for (int k = 0; k < want.length; k++) {
      maxErr = Math.max(maxErr, Math.abs(want[k] - out.pixelValues()[k]));
    }
    assertThat(maxErr).as("max |pixel_values - golden| (0.0 observed)").isLessThanOrEqualTo(1e-6);
  }

  @Test
  void smartResizeFollowsHuggingFace() {
    int[][] cases = {
      {448, 448, 448, 448}, {720, 1280, 728, 1288}, {1080, 1920, 1092, 1932}, {294, 294, 280, 280},
      {20, 20, 56, 56}, {406, 700, 392, 700}, {4000, 6000, 2912, 4368}, {90, 120, 84, 112},
      {150, 200, 140, 196}
    };
    for (int[] c : cases) {
      ImageSize s = Qwen2VlImageProcessor.smartResize(c[0], c[1], 28, 3136, 12845056, 10);
      assertThat(new int[] {s.height(), s.width()}).as("%sx%s", c[0], c[1]).containsExactly(c[2], c[3]);
    }
  }

  @Test
  void tooSmallAndTooElongatedImagesAreRejected() {
    Qwen2VlImageProcessor proc = Qwen2VlImageProcessor.qwen25Vl();
    RgbImage small = new RgbImage(40, 8, new byte[40 * 8 * 3]);
    assertThatThrownBy(() -> proc.process(List.of(new RgbImage(30, 30, new byte[30 * 30 * 3]), small)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image 1: image 40x8 (WxH) is too small: Qwen2-VL's processor needs both sides to be at least 10 pixels");
    RgbImage thin = new RgbImage(2010, 10, new byte[2010 * 10 * 3]);
    assertThatThrownBy(() -> proc.process(thin))
        .hasMessageContaining("absolute aspect ratio must be smaller than 200, got 201.0")
        .hasMessageContaining("2010x10");
    // exactly 200 is allowed
    assertThat(proc.targetSize(10, 2000)).isNotNull();
  }

  @Test
  void pillowResizeHandlesUpscaleAndOneAxis() {
    byte[] px = new byte[4 * 3 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    RgbImage src = new RgbImage(4, 3, px);
    RgbImage same = PilResample.resize(src, 4, 3, PilResample.Filter.BICUBIC);
    assertThat(same.pixels()).containsExactly(px);
    // a constant image stays constant under any resize (taps sum to one)
    byte[] flat = new byte[50 * 30 * 3];
    java.util.Arrays.fill(flat, (byte) 200);
    for (int[] wh : new int[][] {{28, 28}, {112, 56}, {50, 84}, {7, 30}}) {
      RgbImage r = PilResample.resize(new RgbImage(50, 30, flat), wh[0], wh[1], PilResample.Filter.BICUBIC);
      for (byte b : r.pixels()) {
        assertThat(b & 0xFF).isEqualTo(200);
      }
    }
  }
}
