package org.robustr1.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void ofBufferedImageKeepsRgbOrderAndDropsAlpha() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x80102030);
    img.setRGB(1, 0, 0xFFA0B0C0);
    RgbImage rgb = RgbImage.of(img);
    assertThat(rgb.width()).isEqualTo(2);
    assertThat(rgb.height()).isEqualTo(1);
    assertThat(rgb.pixels()).containsExactly(0x10, 0x20, 0x30, (byte) 0xA0, (byte) 0xB0, (byte) 0xC0);
  }

  @Test
  void bufferOfTheWrongSizeIsRefused() {
    assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
        .hasMessageContaining("RGB buffer of 11 bytes does not match 2x2x3");
  }
}
