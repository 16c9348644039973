package org.robustr1.degrade.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.robustr1.core.image.ImageReadException;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.TestImages;

class ImageIoTest {

  @TempDir Path dir;

  @Test
  void losslessFormatsRoundTripExactly() throws Exception {
    Mat img = TestImages.procedural(37, 23, 3);
    byte[] want = ImageIo.bytes(img);
    for (String ext : new String[] {"png", "bmp", "tiff", "tif"}) {
      Path f = dir.resolve("a." + ext);
      ImageIo.writeBgr(f, img);
      Mat back = ImageIo.readBgr(f);
      assertThat(ImageIo.bytes(back)).as(ext).isEqualTo(want);
    }
    Path jpg = dir.resolve("b.JPG");
    ImageIo.writeBgr(jpg, img);
    Mat back = ImageIo.readBgr(jpg);
    assertThat(back.cols()).isEqualTo(37);
    assertThat(back.rows()).isEqualTo(23);
  }

  @Test
  void rgbConversionSwapsChannels() {
    Mat img = TestImages.procedural(5, 4, 1);
    RgbImage rgb = ImageIo.toRgb(img);
    byte[] bgr = ImageIo.bytes(img);
    assertThat(rgb.pixels()[0]).isEqualTo(bgr[2]);
    assertThat(rgb.pixels()[2]).isEqualTo(bgr[0]);
    assertThat(ImageIo.bytes(ImageIo.toBgr(rgb))).isEqualTo(bgr);
  }

  @Test
  void truncatedJpegIsRejectedWithItsPath() throws Exception {
    Path full = dir.resolve("full.jpg");
    ImageIo.writeBgr(full, TestImages.procedural(64, 64, 2));
    byte[] data = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.jpg");
    Files.write(cut, Arrays.copyOf(data, data.length / 2));
    assertThatThrownBy(() -> ImageIo.readBgr(cut))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void truncatedPngAndBmpAreRejectedWithTheirPath() throws Exception {
    for (String ext : new String[] {"png", "bmp"}) {
      Path full = dir.resolve("full." + ext);
      ImageIo.writeBgr(full, TestImages.procedural(64, 64, 2));
      byte[] data = Files.readAllBytes(full);
      Path cut = dir.resolve("cut." + ext);
      Files.write(cut, Arrays.copyOf(data, data.length / 3));
      assertThatThrownBy(() -> ImageIo.readBgr(cut))
          .as(ext)
          .isInstanceOf(ImageReadException.class)
          .hasMessageContaining(cut.toString());
    }
  }

  @Test
  void nonImageAndEmptyFilesAreRejectedWithTheirPath() throws Exception {
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "this is not an image", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageIo.readBgr(text))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining(text.toString());
    Path empty = dir.resolve("empty.jpg");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ImageIo.readBgr(empty))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageIo.readBgr(dir.resolve("missing.png"))).isInstanceOf(NoSuchFileException.class);
  }
}
