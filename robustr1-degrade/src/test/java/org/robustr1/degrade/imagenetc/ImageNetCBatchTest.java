package org.robustr1.degrade.imagenetc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;

class ImageNetCBatchTest {

  @TempDir Path tmp;

  private Path makeInputs() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in.resolve("cls"));
    ImageFiles.write(ImageNetCTest.testImage(64, 48), in.resolve("a.png"), 95);
    ImageFiles.write(ImageNetCTest.testImage(40, 40), in.resolve("cls/b.jpg"), 95);
    ImageFiles.write(ImageNetCTest.testImage(20, 40), in.resolve("small.png"), 95);
    Files.writeString(in.resolve("broken.png"), "not an image");
    Files.writeString(in.resolve("notes.txt"), "ignored");
    return in;
  }

  private ImageNetCBatch.Report run(Path in, Path out, int threads) {
    return ImageNetCBatch.builder()
        .setInputDir(in)
        .setOutputDir(out)
        .optCorruptions(List.of(DegradationType.C_CONTRAST, DegradationType.C_GAUSSIAN_NOISE))
        .optSeverities(List.of(1, 3))
        .optSeed(11)
        .optThreads(threads)
        .build()
        .run();
  }

  @Test
  void writesTheImagenetCLayoutAndReportsBadFiles() throws IOException {
    Path in = makeInputs();
    Path out = tmp.resolve("out");
    ImageNetCBatch.Report r = run(in, out, 2);
    assertThat(r.images()).isEqualTo(2);
    assertThat(r.written()).isEqualTo(2 * 2 * 2);
    assertThat(r.failures()).extracting(ImageNetCBatch.Failure::file)
        .containsExactly(in.resolve("broken.png"), in.resolve("small.png"));
    assertThat(r.failures().get(0).reason()).contains("broken.png");
    assertThat(r.failures().get(1).reason()).contains("at least 32x32");
    for (String c : List.of("contrast", "gaussian_noise")) {
      for (String s : List.of("1", "3")) {
        RgbImage a = ImageFiles.read(out.resolve(c).resolve(s).resolve("a.png"));
        assertThat(a.width()).isEqualTo(64);
        assertThat(a.height()).isEqualTo(48);
        assertThat(out.resolve(c).resolve(s).resolve("cls/b.jpg")).isRegularFile();
      }
    }
    assertThat(out.resolve("contrast/2")).doesNotExist();
    // the PNG output is the corruption itself (lossless)
    RgbImage expected =
        ImageNetC.create().corrupt(ImageFiles.read(in.resolve("a.png")), DegradationType.C_CONTRAST, 3, 0);
    assertThat(ImageFiles.read(out.resolve("contrast/3/a.png")).pixels()).isEqualTo(expected.pixels());
  }

  @Test
  void outputsDoNotDependOnThreadCount() throws IOException {
    Path in = makeInputs();
    run(in, tmp.resolve("one"), 1);
    run(in, tmp.resolve("two"), 2);
    byte[] a = Files.readAllBytes(tmp.resolve("one/gaussian_noise/3/a.png"));
    byte[] b = Files.readAllBytes(tmp.resolve("two/gaussian_noise/3/a.png"));
    assertThat(a).isEqualTo(b);
    assertThat(Files.readAllBytes(tmp.resolve("one/gaussian_noise/1/a.png"))).isNotEqualTo(a);
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> ImageNetCBatch.builder().setInputDir(tmp.resolve("nope")).setOutputDir(tmp).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input folder does not exist");
    assertThatThrownBy(() -> ImageNetCBatch.builder().optSeverities(List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("severity must be in 1..5, got 0");
    assertThatThrownBy(() -> ImageNetCBatch.builder().optCorruptions(List.of(DegradationType.GRAFFITI)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GRAFFITI is not an ImageNet-C corruption");
  }
}
