package org.robustr1.degrade.jpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.robustr1.degrade.GoldenCases;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.testing.SharedData;

/**
 * Both JPEG codecs against the outputs of the reference code: every {@code jpeg_compression} case
 * of the Robust-R1 golden set (encoder stream byte-identical to Python's {@code cv2.imencode},
 * decoder output identical to {@code cv2.imdecode}'s) and of the ImageNet-C golden set (PIL's
 * round trip, RGB). The TurboJPEG half is skipped, with the reason, where the native library is
 * not installed ({@code apt-get install libturbojpeg0}).
 */
class JpegCodecParityTest {

  private static final int[] IMAGENET_C_QUALITY = {25, 18, 15, 10, 7};

  @Test
  void openCvCodecMatchesReference() throws IOException {
    checkAgainstGolden(JpegCodecs.openCv());
  }

  @Test
  void turboJpegCodecMatchesReference() throws IOException {
    Optional<JpegCodec> turbo = JpegCodecs.turboJpeg();
    Assumptions.assumeTrue(
        turbo.isPresent(),
        "TurboJPEG is not installed (apt-get install libturbojpeg0): " + JpegCodecs.turboJpegFailure());
    checkAgainstGolden(turbo.get());
  }

  @Test
  void libJpegCodecMatchesReference() throws IOException {
    Optional<JpegCodec> lib = JpegCodecs.libJpeg();
    Assumptions.assumeTrue(lib.isPresent(), "libjpeg-turbo (libjpeg.so.62) is not installed");
    checkAgainstGolden(lib.get());
  }

  @Test
  void libJpegAgreesWithOpenCvOnOddSizesAndQualities() {
    Optional<JpegCodec> lib = JpegCodecs.libJpeg();
    Assumptions.assumeTrue(lib.isPresent(), "libjpeg-turbo (libjpeg.so.62) is not installed");
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    int[][] sizes = {{1, 1}, {7, 5}, {33, 17}, {250, 131}, {640, 427}};
    for (int[] s : sizes) {
      byte[] px = new byte[s[0] * s[1] * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) ((i / 3 % 17) * 13 + r.nextInt(40));
      }
      for (int q : new int[] {0, 1, 5, 14, 57, 78, 95, 100}) {
        for (PixelOrder o : PixelOrder.values()) {
          byte[] a = JpegCodecs.openCv().encode(px, s[0], s[1], o, q);
          assertThat(lib.get().encode(px, s[0], s[1], o, q)).as("stream %sx%s q%s %s", s[0], s[1], q, o).isEqualTo(a);
          assertThat(lib.get().roundTrip(px, s[0], s[1], o, q))
              .as("round trip %sx%s q%s %s", s[0], s[1], q, o)
              .isEqualTo(JpegCodecs.openCv().decode(a, o).pixels());
        }
      }
    }
  }

  @Test
  void codecsAgreeOnOddSizesAndQualities() {
    Optional<JpegCodec> turbo = JpegCodecs.turboJpeg();
    Assumptions.assumeTrue(turbo.isPresent(), "TurboJPEG is not installed: " + JpegCodecs.turboJpegFailure());
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    int[][] sizes = {{1, 1}, {7, 5}, {33, 17}, {250, 131}};
    for (int[] s : sizes) {
      byte[] px = new byte[s[0] * s[1] * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) ((i / 3 % 17) * 13 + r.nextInt(40));
      }
      for (int q : new int[] {0, 1, 5, 50, 95, 100}) {
        for (PixelOrder o : PixelOrder.values()) {
          byte[] a = JpegCodecs.openCv().encode(px, s[0], s[1], o, q);
          byte[] b = turbo.get().encode(px, s[0], s[1], o, q);
          assertThat(b).as("stream %sx%s q%s %s", s[0], s[1], q, o).isEqualTo(a);
          assertThat(turbo.get().decode(a, o).pixels())
              .as("decoded %sx%s q%s %s", s[0], s[1], q, o)
              .isEqualTo(JpegCodecs.openCv().decode(a, o).pixels());
        }
      }
    }
  }

  @Test
  void badInputIsRejectedWithAMessage() {
    for (JpegCodec c : codecs()) {
      assertThatThrownBy(() -> c.encode(new byte[5], 2, 2, PixelOrder.RGB, 50))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("need 12 bytes");
      assertThatThrownBy(() -> c.encode(new byte[12], 2, 2, PixelOrder.RGB, 101))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("quality");
      assertThatThrownBy(() -> c.decode(new byte[] {1, 2, 3, 4}, PixelOrder.BGR))
          .as(c.name())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void selectionFollowsTheSystemProperty() {
    String before = System.getProperty(JpegCodecs.PROPERTY);
    try {
      System.setProperty(JpegCodecs.PROPERTY, "opencv");
      assertThat(JpegCodecs.selected().name()).isEqualTo("opencv");
      System.setProperty(JpegCodecs.PROPERTY, "auto");
      assertThat(JpegCodecs.selected().name())
          .isEqualTo(JpegCodecs.turboJpeg().isPresent() ? "turbojpeg" : JpegCodecs.libJpeg().isPresent() ? "libjpeg" : "opencv");
      System.setProperty(JpegCodecs.PROPERTY, "turbojpeg");
      if (JpegCodecs.turboJpeg().isPresent()) {
        assertThat(JpegCodecs.selected().name()).isEqualTo("turbojpeg");
      } else {
        assertThatThrownBy(JpegCodecs::selected)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("libturbojpeg0");
      }
      System.setProperty(JpegCodecs.PROPERTY, "libjpeg");
      if (JpegCodecs.libJpeg().isPresent()) {
        assertThat(JpegCodecs.selected().name()).isEqualTo("libjpeg");
      } else {
        assertThatThrownBy(JpegCodecs::selected).hasMessageContaining("libjpeg.so.62");
      }
      System.setProperty(JpegCodecs.PROPERTY, "mozjpeg");
      assertThatThrownBy(JpegCodecs::selected).hasMessageContaining("auto, opencv, turbojpeg or libjpeg");
    } finally {
      if (before == null) {
        System.clearProperty(JpegCodecs.PROPERTY);
      } else {
        System.setProperty(JpegCodecs.PROPERTY, before);
      }
    }
  }

  private static List<JpegCodec> codecs() {
    List<JpegCodec> out = new java.util.ArrayList<>(List.of(JpegCodecs.openCv()));
    JpegCodecs.turboJpeg().ifPresent(out::add);
    JpegCodecs.libJpeg().ifPresent(out::add);
    return out;
  }

  private static void checkAgainstGolden(JpegCodec codec) throws IOException {
    Assumptions.assumeTrue(GoldenCases.folder().isPresent(), SharedData.MISSING);
    Path rr1 = GoldenCases.folder().get();
    int checked = 0;
    for (Path f : GoldenCases.caseFiles(rr1)) {
      DegradationCase c = CaseFiles.read(f).get(0);
      if (!c.op().equals("jpeg_compression")) {
        continue;
      }
      int q = ((Number) c.params().get("quality")).intValue();
      Mat in = ImageIo.readBgr(rr1.resolve(c.inputFile()));
      Mat expected = ImageIo.readBgr(rr1.resolve(c.outputFile()));
      byte[] px = ImageIo.bytes(in);
      byte[] stream = Files.readAllBytes(rr1.resolve((String) c.params().get("encodedFile")));
      assertThat(codec.encode(px, in.cols(), in.rows(), PixelOrder.BGR, q))
          .as("%s stream of %s", codec.name(), f)
          .isEqualTo(stream);
      JpegCodec.Decoded d = codec.decode(stream, PixelOrder.BGR);
      assertThat(d.width()).isEqualTo(in.cols());
      assertThat(d.height()).isEqualTo(in.rows());
      assertThat(d.pixels()).as("%s decode of %s", codec.name(), f).isEqualTo(ImageIo.bytes(expected));
      assertThat(codec.roundTrip(px, in.cols(), in.rows(), PixelOrder.BGR, q))
          .as("%s round trip of %s", codec.name(), f)
          .isEqualTo(ImageIo.bytes(expected));
      in.release();
      expected.release();
      checked++;
    }
    assertThat(checked).as("Robust-R1 jpeg cases").isEqualTo(9);

    Path inc = SharedData.resolve("golden/degrade-imagenet-c").orElseThrow();
    checked = 0;
    for (String photo : List.of("astronaut_224x224", "coffee_224x224")) {
      Mat in = ImageIo.readBgr(inc.resolve("inputs/" + photo + ".png"));
      byte[] rgb = ImageIo.toRgb(in).pixels();
      for (int s = 1; s <= 5; s++) {
        Path ref = inc.resolve("jpeg_compression/" + photo + "_s" + s + ".png");
        byte[] expected = ImageIo.read(ref).pixels();
        assertThat(codec.roundTrip(rgb, in.cols(), in.rows(), PixelOrder.RGB, IMAGENET_C_QUALITY[s - 1]))
            .as("%s ImageNet-C %s", codec.name(), ref)
            .isEqualTo(expected);
        checked++;
      }
      in.release();
    }
    assertThat(checked).as("ImageNet-C jpeg cases").isEqualTo(10);
  }
}
