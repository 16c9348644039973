package org.robustr1.degrade.imagenetc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.robustr1.testing.SharedData;

/**
 * Parity with the outputs of the real imagecorruptions code ({@code
 * shared/golden/degrade-imagenet-c}): every deterministic corruption, 2 photos × 5 severities.
 */
class ImageNetCParityTest {

  private static final String DIR = "golden/degrade-imagenet-c";
  private static final List<String> PHOTOS = List.of("astronaut_224x224", "coffee_224x224");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;

  @BeforeAll
  static void locate() {
    root = SharedData.resolve(DIR).orElse(null);
  }

  private static Path golden() {
    Assumptions.assumeTrue(root != null, SharedData.MISSING);
    return root;
  }

  /** Per-corruption comparison of all 10 cases; returns {max abs diff, differing values, total}. */
  private static long[] compare(DegradationType type) {
    ImageNetC inc = ImageNetC.create();
    long[] agg = new long[3];
    for (String photo : PHOTOS) {
      RgbImage in = ImageFiles.read(golden().resolve("inputs/" + photo + ".png"));
      for (int s = 1; s <= 5; s++) {
        Path ref = golden().resolve(type.opName() + "/" + photo + "_s" + s + ".png");
        RgbImage expected = ImageFiles.read(ref);
        RgbImage actual = inc.corrupt(in, type, s, 0L);
        byte[] e = expected.pixels();
        byte[] a = actual.pixels();
        assertThat(a.length).isEqualTo(e.length);
        for (int i = 0; i < a.length; i++) {
          int d = Math.abs((a[i] & 0xFF) - (e[i] & 0xFF));
          agg[0] = Math.max(agg[0], d);
          if (d != 0) {
            agg[1]++;
          }
        }
        agg[2] += a.length;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "parity %-17s max|diff|=%d differing=%d/%d (%.4f %%)%n",
        type.opName(),
        agg[0],
        agg[1],
        agg[2],
        100.0 * agg[1] / agg[2]);
    return agg;
  }

  @Test
  void defocusBlurWithinOneLevel() {
    // float32 filtering: values within float32 rounding of an integer may truncate the other way
    long[] r = compare(DegradationType.C_DEFOCUS_BLUR);
    assertThat(r[0]).isLessThanOrEqualTo(1);
    assertThat((double) r[1] / r[2]).isLessThanOrEqualTo(0.01);
  }

  @Test
  void zoomBlurWithinOneLevel() {
    long[] r = compare(DegradationType.C_ZOOM_BLUR);
    assertThat(r[0]).isLessThanOrEqualTo(1);
    assertThat((double) r[1] / r[2]).isLessThanOrEqualTo(0.005);
  }

  @Test
  void gaussianBlurWithinOneLevel() {
    long[] r = compare(DegradationType.C_GAUSSIAN_BLUR);
    assertThat(r[0]).isLessThanOrEqualTo(1);
    assertThat((double) r[1] / r[2]).isLessThanOrEqualTo(0.005);
  }

  @Test
  void brightnessWithinOneLevel() {
    assertThat(compare(DegradationType.C_BRIGHTNESS)[0]).isLessThanOrEqualTo(1);
  }

  @Test
  void saturateWithinOneLevel() {
    assertThat(compare(DegradationType.C_SATURATE)[0]).isLessThanOrEqualTo(1);
  }

  @Test
  void contrastExact() {
    assertThat(compare(DegradationType.C_CONTRAST)[0]).isZero();
  }

  @Test
  void pixelateExact() {
    assertThat(compare(DegradationType.C_PIXELATE)[0]).isZero();
  }

  @Test
  void jpegCompressionExact() {
    assertThat(compare(DegradationType.C_JPEG_COMPRESSION)[0]).isZero();
  }

  @Test
  void defocusKernelMatchesReference() throws IOException {
    for (int s = 1; s <= 5; s++) {
      JsonNode j = readJson("defocus_blur/astronaut_224x224_s" + s + ".json");
      JsonNode k = j.at("/derived/kernel/ndarray");
      double[] c = BlurCorruptions.DEFOCUS[s - 1];
      assertThat(j.at("/severityConstant/0").asDouble()).isEqualTo(c[0]);
      assertThat(j.at("/severityConstant/1").asDouble()).isEqualTo(c[1]);
      float[][] mine = BlurCorruptions.diskKernel((int) c[0], c[1]);
      assertThat(mine.length).as("kernel side, severity %s", s).isEqualTo(k.size());
      for (int y = 0; y < mine.length; y++) {
        for (int x = 0; x < mine.length; x++) {
          assertThat(mine[y][x])
              .as("kernel[%s][%s] severity %s", y, x, s)
              .isEqualTo((float) k.get(y).get(x).asDouble());
        }
      }
    }
  }

  @Test
  void zoomFactorListsMatchReference() throws IOException {
    for (int s = 1; s <= 5; s++) {
      JsonNode arr = readJson("zoom_blur/astronaut_224x224_s" + s + ".json").at("/severityConstant/ndarray");
      double[] mine = BlurCorruptions.ZOOM[s - 1];
      assertThat(mine.length).as("zoom factors, severity %s", s).isEqualTo(arr.size());
      for (int i = 0; i < mine.length; i++) {
        assertThat(mine[i]).as("factor %s of severity %s", i, s).isEqualTo(arr.get(i).asDouble());
      }
    }
  }

  @Test
  void severityConstantsMatchReference() throws IOException {
    Map<String, double[]> scalar = new LinkedHashMap<>();
    scalar.put("contrast", DigitalCorruptions.CONTRAST);
    scalar.put("pixelate", DigitalCorruptions.PIXELATE);
    scalar.put("gaussian_blur", BlurCorruptions.GAUSSIAN_SIGMA);
    scalar.put("brightness", WeatherCorruptions.BRIGHTNESS);
    for (Map.Entry<String, double[]> e : scalar.entrySet()) {
      for (int s = 1; s <= 5; s++) {
        JsonNode c = readJson(e.getKey() + "/astronaut_224x224_s" + s + ".json").get("severityConstant");
        assertThat(c.asDouble()).as("%s s%s", e.getKey(), s).isEqualTo(e.getValue()[s - 1]);
      }
    }
    for (int s = 1; s <= 5; s++) {
      JsonNode j = readJson("jpeg_compression/astronaut_224x224_s" + s + ".json").get("severityConstant");
      assertThat(j.asInt()).isEqualTo(DigitalCorruptions.JPEG_QUALITY[s - 1]);
      JsonNode sat = readJson("saturate/astronaut_224x224_s" + s + ".json").get("severityConstant");
      assertThat(sat.get(0).asDouble()).isEqualTo(ColorCorruptions.SATURATE[s - 1][0]);
      assertThat(sat.get(1).asDouble()).isEqualTo(ColorCorruptions.SATURATE[s - 1][1]);
    }
  }

  private static JsonNode readJson(String rel) throws IOException {
    return JSON.readTree(Files.readAllBytes(golden().resolve(rel)));
  }
}
