package org.robustr1.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.robustr1.testing.SharedData;

class NpyArrayTest {

  private static Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
  }

  static byte[] npy(String header, byte[] data) {
    String h = header;
    while ((10 + h.length() + 1) % 64 != 0) {
      h += " ";
    }
    h += "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) h.length());
    b.put(h.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return b.array();
  }

  @Test
  void readsGoldenFiles() throws IOException {
    NpyArray img = NpyArray.read(golden().resolve("image_0_resized.npy"));
    assertThat(img.descr()).isEqualTo("|u1");
    assertThat(img.shape()).containsExactly(84, 112, 3);
    assertThat(img.toBytes()).hasSize(84 * 112 * 3);
    NpyArray pv = NpyArray.read(golden().resolve("pixel_values.npy"));
    assertThat(pv.descr()).isEqualTo("<f4");
    assertThat(pv.shape()).containsExactly(188, 1176);
    NpyArray pos = NpyArray.read(golden().resolve("position_ids.npy"));
    assertThat(pos.descr()).isEqualTo("<i8");
    assertThat(pos.shape()).containsExactly(3, 1, 85);
    assertThat(NpyArray.read(golden().resolve("rope_deltas.npy")).toLongs()).containsExactly(-36);
  }

  @Test
  void readsFloat64AndScalarsAndRejectsGarbage() throws IOException {
    ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putDouble(-2);
    NpyArray a = NpyArray.parse(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d.array()), "a.npy");
    assertThat(a.toDoubles()).containsExactly(1.5, -2.0);
    assertThat(a.toFloats()).containsExactly(1.5f, -2f);
    assertThatThrownBy(a::toLongs).hasMessageContaining("a.npy");
    NpyArray s = NpyArray.parse(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", new byte[8]), "s.npy");
    assertThat(s.shape()).isEmpty();
    assertThat(s.toLongs()).containsExactly(0L);
    assertThatThrownBy(() -> NpyArray.parse(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8]), "b.npy"))
        .hasMessageContaining("b.npy: <f4 [3] needs 12 data bytes, file has 8");
    assertThatThrownBy(() -> NpyArray.parse(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", new byte[8]), "c.npy"))
        .hasMessageContaining("Fortran");
    assertThatThrownBy(() -> NpyArray.parse(new byte[20], "d.npy")).hasMessageContaining("d.npy: not a .npy file");
  }
}
