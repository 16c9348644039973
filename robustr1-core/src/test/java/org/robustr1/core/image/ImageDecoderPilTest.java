package org.robustr1.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ImageDecoder} against Pillow 9.4: files in every mode (made by {@code
 * pil/make_fixtures.py}) decode to exactly the bytes of {@code Image.open(f).convert("RGB")} and
 * of transformers' {@code convert_to_rgb}; broken and oversized files are refused naming them.
 */
class ImageDecoderPilTest {

  private static final String DIR = "pil/";

  @TempDir Path tmp;

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageDecoderPilTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + DIR + name);
      }
      return in.readAllBytes();
    }
  }

  static List<String> fixtures() throws IOException {
    JsonNode index = new ObjectMapper().readTree(resource("index.json"));
    List<String> out = new ArrayList<>();
    index.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void decodesAsPillowDoes(String name) throws IOException {
    JsonNode size = new ObjectMapper().readTree(resource("index.json")).get(name);
    byte[] file = resource(name);
    RgbImage rgb = ImageDecoder.pil().decode(file, name);
    assertThat(rgb.width()).isEqualTo(size.get(0).asInt());
    assertThat(rgb.height()).isEqualTo(size.get(1).asInt());
    assertThat(rgb.pixels()).as("convert('RGB') of %s (mode %s)", name, size.get(2).asText())
        .isEqualTo(resource(name + ".rgb"));
    assertThat(ImageDecoder.qwen().decode(file, name).pixels())
        .as("convert_to_rgb of %s (mode %s)", name, size.get(2).asText())
        .isEqualTo(resource(name + ".white.rgb"));
  }

  @Test
  void greyPixel190StaysAt190AndSixteenBitGreyIsClippedAsPillowDoes() throws IOException {
    RgbImage g = ImageDecoder.qwen().decode(resource("gray8.png"), "gray8.png");
    assertThat(new int[] {g.get(0, 0, 0), g.get(0, 0, 1), g.get(0, 0, 2)}).containsExactly(190, 190, 190);
    RgbImage g16 = ImageDecoder.pil().decode(resource("gray16.png"), "gray16.png");
    int[] row = new int[8];
    for (int x = 0; x < 8; x++) {
      row[x] = g16.get(x, 0, 0);
    }
    // samples 0, 100, 190, 255, 256, 1000, 65535, 300
    assertThat(row).containsExactly(0, 100, 190, 255, 255, 255, 255, 255);
  }

  @Test
  void exifOrientationIsNotAppliedAsImageOpenDoesNot() throws IOException {
    RgbImage r = ImageDecoder.pil().decode(resource("exif_rotated.jpg"), "exif_rotated.jpg");
    assertThat(r.width()).isEqualTo(19);
    assertThat(r.height()).isEqualTo(13);
  }

  @Test
  void truncatedFilesAreRefusedNamingThem() throws IOException {
    for (String name : List.of("rgb420.jpg", "progressive.jpg", "gray8.png", "rgb8_adam7.png", "rgba8.png")) {
      byte[] full = resource(name);
      Path cut = tmp.resolve("cut-" + name);
      Files.write(cut, Arrays.copyOf(full, full.length * 2 / 3));
      assertThatThrownBy(() -> ImageDecoder.pil().read(cut))
          .as(name)
          .isInstanceOf(ImageReadException.class)
          .hasMessageStartingWith(cut.toString())
          .hasMessageContaining("truncated");
    }
    Path empty = tmp.resolve("empty.png");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> ImageDecoder.pil().read(empty)).hasMessageContaining("empty.png: empty file");
    Path text = tmp.resolve("text.png");
    Files.writeString(text, "not an image at all");
    assertThatThrownBy(() -> ImageDecoder.pil().read(text)).hasMessageContaining("text.png: not a decodable image");
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
    // a 20000 x 20000 grey PNG: 400 M pixels, a few hundred kilobytes of zlib data would decode to 400 MB
    byte[] bomb = pngHeaderOnly(20_000, 20_000);
    long before = usedHeap();
    assertThatThrownBy(() -> ImageDecoder.pil().decode(bomb, "bomb.png"))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining("bomb.png: image size 20000x20000 (400,000,000 pixels) exceeds the limit of 178,956,970")
        .satisfies(e -> assertThat(((ImageReadException) e).isOverPixelLimit()).isTrue());
    assertThat(usedHeap() - before).isLessThan(64L << 20);
    // the same check for formats decoded through javax.imageio (header read only)
    assertThatThrownBy(() -> ImageDecoder.pil().withMaxPixels(100).decode(resource("rgb420.jpg"), "small.jpg"))
        .hasMessageContaining("small.jpg: image size 19x13 (247 pixels) exceeds the limit of 100")
        .satisfies(e -> assertThat(((ImageReadException) e).isOverPixelLimit()).isTrue());
    assertThatThrownBy(() -> ImageDecoder.pil().decode("not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8), "t"))
        .satisfies(e -> assertThat(((ImageReadException) e).isOverPixelLimit()).isFalse());
    assertThat(ImageDecoder.pil().withMaxPixels(247).decode(resource("rgb420.jpg"), "ok.jpg").width()).isEqualTo(19);
  }

  @Test
  void rgbImageOfBufferedImageCopiesGreyInsteadOfBrighteningIt() {
    java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(0, 0, 0, 190);
    assertThat(RgbImage.of(g).pixels()).containsExactly((byte) 190, (byte) 190, (byte) 190);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Signature, IHDR of a grey 8-bit image, one empty IDAT. */
  private static byte[] pngHeaderOnly(int w, int h) {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
    b.put(new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10});
    chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
        .put((byte) 0).put((byte) 0).array());
    chunk(b, "IDAT", new byte[0]);
    chunk(b, "IEND", new byte[0]);
    return b.array();
  }

  private static void chunk(ByteBuffer b, String type, byte[] data) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    b.putInt(data.length).put(t).put(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    b.putInt((int) crc.getValue());
  }

}
