package org.robustr1.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.tensor.HalfFloats;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.testing.SharedData;

class SafetensorsReaderTest {

  private static Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
  }

  /** Round to nearest even, as torch does when casting float32 to bfloat16. */
  private static int bf16Rne(float f) {
    int bits = Float.floatToRawIntBits(f);
    return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
  }

  static void writeRaw(Path file, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    Files.write(file, b.array());
  }

  @Test
  void readsGoldenF32ByNameIgnoringOtherSafetensorsFiles() throws IOException {
    try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(golden())) {
      assertThat(ck.files()).containsOnlyKeys("model.safetensors");
      assertThat(ck.names()).hasSize(80).doesNotContain("lm_head.weight");
      TensorInfo emb = ck.info("model.embed_tokens.weight");
      assertThat(emb.dtype()).isEqualTo(DType.F32);
      assertThat(emb.shape()).containsExactly(151936, 32);
      assertThat(ck.files().get("model.safetensors").metadata()).containsEntry("format", "pt");
      ck.checkShapes(Qwen25VlConfig.read(golden()));
      float[] w = ck.floats("visual.patch_embed.proj.weight");
      assertThat(w).hasSize(32 * 3 * 2 * 14 * 14);
      ByteBuffer raw = ck.rawBytes("visual.patch_embed.proj.weight");
      for (int i = 0; i < w.length; i += 97) {
        assertThat(w[i]).isEqualTo(raw.getFloat(4 * i));
      }
      float[] viaBuffer = new float[w.length];
      ck.floatBuffer("visual.patch_embed.proj.weight").get(viaBuffer);
      assertThat(Arrays.mismatch(viaBuffer, w)).isEqualTo(-1);
    }
  }

  @Test
  void bf16IsWidenedExactlyAndMatchesF32WithinRounding() throws IOException {
    try (SafetensorsFile f32 = SafetensorsFile.open(golden().resolve("model.safetensors"));
        SafetensorsFile bf = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"))) {
      assertThat(bf.names()).isEqualTo(f32.names());
      long checked = 0;
      for (String name : bf.names()) {
        assertThat(bf.info(name).dtype()).isEqualTo(DType.BF16);
        assertThat(bf.info(name).shape()).containsExactly(f32.info(name).shape());
        float[] wide = bf.floats(name);
        float[] ref = f32.floats(name);
        ByteBuffer raw = bf.rawBytes(name);
        for (int i = 0; i < wide.length; i++) {
          int bits = raw.getShort(2 * i) & 0xFFFF;
          // exact against manual widening
          if (Float.floatToRawIntBits(wide[i]) != bits << 16) {
            throw new AssertionError(name + "[" + i + "] not bits<<16");
          }
          // the bf16 file is the f32 file rounded to nearest even
          if (bf16Rne(ref[i]) != bits) {
            throw new AssertionError(name + "[" + i + "]: bf16 " + bits + " is not RNE of " + ref[i]);
          }
          if (Math.abs(wide[i] - ref[i]) > Math.abs(ref[i]) * 0x1p-8f) {
            throw new AssertionError(name + "[" + i + "] outside bf16 rounding");
          }
        }
        checked += wide.length;
      }
      assertThat(checked).isGreaterThan(4_800_000L);
    }
  }

  @Test
  void smallSegmentsGiveTheSameValues() throws IOException {
    // Mapping in segments smaller than a tensor exercises the > 2 GiB path on a small file.
    try (SafetensorsFile whole = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"));
        SafetensorsFile split = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"), 1001)) {
      String name = "model.embed_tokens.weight";
      float[] a0 = whole.floats(name);
      float[] b0 = split.floats(name);
      assertThat(Arrays.mismatch(a0, b0)).isEqualTo(-1);
      ByteBuffer a = whole.float32Bytes(name);
      ByteBuffer b = split.float32Bytes(name);
      assertThat(b.equals(a)).isTrue();
      assertThat(a.remaining()).isEqualTo(151936 * 32 * 4);
    }
  }

  @Test
  void toNDArrayCreatesFloat32FromBf16() throws IOException {
    try (SafetensorsFile bf = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"));
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      String name = "visual.blocks.0.attn.qkv.weight";
      NDArray a = bf.toNDArray(m, name);
      assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(a.getShape().getShape()).containsExactly(96, 32);
      assertThat(Arrays.mismatch(a.toFloatArray(), bf.floats(name))).isEqualTo(-1);
      assertThat(a.getName()).isEqualTo(name);
    }
  }

  @Test
  void rangedReadsAndRowChunkedArrays() throws IOException {
    try (SafetensorsFile bf = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"), 1000);
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      String name = "model.embed_tokens.weight";
      float[] all = bf.floats(name);
      float[] part = new float[5000];
      bf.readFloats(name, 123_457, part, 0, 5000);
      assertThat(Arrays.mismatch(part, Arrays.copyOfRange(all, 123_457, 128_457))).isEqualTo(-1);
      assertThatThrownBy(() -> bf.readFloats(name, all.length - 10, part, 0, 11))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("tensor " + name);
      // row blocks of 7000 elements (218 rows of 32) concatenated back into [151936, 32]
      NDArray a = ChunkedArrays.floatArray(bf, m, bf.info(name), 7000);
      assertThat(a.getShape().getShape()).containsExactly(151936, 32);
      assertThat(Arrays.mismatch(a.toFloatArray(), all)).isEqualTo(-1);
    }
  }

  @Test
  void integerAndMixedTensors(@TempDir Path dir) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(16 + 6 + 2).order(ByteOrder.LITTLE_ENDIAN);
    data.putLong(-5).putLong(7);
    data.put((byte) 1).put((byte) 255).put((byte) 3).put((byte) 4).put((byte) 5).put((byte) 6);
    data.putShort((short) 0x3C00); // f16 1.0
    Path f = dir.resolve("m.safetensors");
    writeRaw(
        f,
        "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"px\":{\"dtype\":\"U8\",\"shape\":[2,3],\"data_offsets\":[16,22]},"
            + "\"h\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[22,24]}}",
        data.array());
    try (SafetensorsFile s = SafetensorsFile.open(f)) {
      assertThat(s.longs("ids")).containsExactly(-5, 7);
      assertThat(s.longs("px")).containsExactly(1, 255, 3, 4, 5, 6);
      assertThat(s.floats("h")).containsExactly(1.0f);
      assertThat(s.info("h").numel()).isEqualTo(1);
      assertThatThrownBy(() -> s.longs("h")).hasMessageContaining("tensor h is F16");
      assertThatThrownBy(() -> s.floats("nope")).hasMessageContaining("m.safetensors: no tensor named nope");
    }
  }

  @Test
  void halfWideningCoversSpecialValues() {
    assertThat(HalfFloats.f16ToFloat((short) 0x7BFF)).isEqualTo(65504f);
    assertThat(HalfFloats.f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(HalfFloats.f16ToFloat((short) 0xC000)).isEqualTo(-2f);
    assertThat(HalfFloats.f16ToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.f16ToFloat((short) 0x7E00)).isNaN();
    assertThat(HalfFloats.bf16ToFloat((short) 0x3F80)).isEqualTo(1f);
    assertThat(HalfFloats.bf16ToFloat((short) 0xC040)).isEqualTo(-3f);
    assertThat(Widening.f8e4m3ToFloat((byte) 0x7E)).isEqualTo(448f);
    assertThat(Widening.f8e5m2ToFloat((byte) 0x3C)).isEqualTo(1f);
  }

  @Test
  void truncatedFileIsRejected(@TempDir Path dir) throws IOException {
    byte[] all = Files.readAllBytes(golden().resolve("model.safetensors"));
    Path cut = dir.resolve("model.safetensors");
    Files.write(cut, Arrays.copyOf(all, all.length - 100));
    assertThatThrownBy(() -> SafetensorsFile.open(cut))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("end beyond the data section")
        .hasMessageContaining("tensor ");
    Path headerCut = dir.resolve("h.safetensors");
    Files.write(headerCut, Arrays.copyOf(all, 200));
    assertThatThrownBy(() -> SafetensorsFile.open(headerCut))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("h.safetensors: header length")
        .hasMessageContaining("runs past the end of the file");
    Path tiny = dir.resolve("t.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsFile.open(tiny)).hasMessageContaining("t.safetensors: file is 3 bytes");
  }

  @Test
  void lyingHeadersAreRejected(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.safetensors");
    writeRaw(
        f,
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
        new byte[12]);
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("x.safetensors: tensor b bytes [4, 12) overlap tensor a bytes [0, 8)");

    writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .hasMessageContaining("x.safetensors: tensor a: data_offsets [0,16] end beyond the data section (8 bytes");

    writeRaw(f, "{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .hasMessageContaining("tensor a: BF16 [3] needs 6 bytes but data_offsets [0,8] span 8");

    writeRaw(f, "{\"a\":{\"dtype\":\"Q4\",\"shape\":[3],\"data_offsets\":[0,3]}}", new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(f)).hasMessageContaining("tensor a: unknown dtype \"Q4\"");

    writeRaw(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(f)).hasMessageContaining("header is not valid JSON");

    writeRaw(f, "{\"a\": [1, 2", new byte[8]);
    assertThatThrownBy(() -> SafetensorsFile.open(f)).hasMessageContaining("x.safetensors: header is not valid JSON");

    ByteBuffer absurd = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    absurd.putLong(Long.MAX_VALUE - 3);
    Files.write(f, absurd.array());
    assertThatThrownBy(() -> SafetensorsFile.open(f))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("x.safetensors: header length 9223372036854775804 is outside");
    absurd.putLong(0, 1L << 40);
    Files.write(f, absurd.array());
    assertThatThrownBy(() -> SafetensorsFile.open(f)).hasMessageContaining("header length 1099511627776 is outside");
  }

  @Test
  void missingShardAndBadIndexAreNamed(@TempDir Path dir) throws IOException {
    Files.copy(golden().resolve("model.safetensors"), dir.resolve("model-00001-of-00002.safetensors"));
    Files.writeString(
        dir.resolve("model.safetensors.index.json"),
        "{\"metadata\":{\"total_size\":1},\"weight_map\":{"
            + "\"model.norm.weight\":\"model-00001-of-00002.safetensors\","
            + "\"visual.merger.ln_q.weight\":\"model-00002-of-00002.safetensors\"}}");
    assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("model.safetensors.index.json: shard model-00002-of-00002.safetensors is listed")
        .hasMessageContaining("missing");
    Files.writeString(
        dir.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"model.norm.weight\":\"model-00001-of-00002.safetensors\","
            + "\"lm_head.weight\":\"model-00001-of-00002.safetensors\"}}");
    assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
        .hasMessageContaining("weight_map puts tensor lm_head.weight in model-00001-of-00002.safetensors, which has no such tensor");
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertThatThrownBy(() -> SafetensorsCheckpoint.open(empty))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void shapeMismatchAgainstConfigIsReported() throws IOException {
    Qwen25VlConfig wider =
        Qwen25VlConfig.parse(
            Qwen25VlConfig.tiny().toJson()
                .replace("\"hidden_size\" : 32,\n  \"initializer_range\"", "\"hidden_size\" : 64,\n  \"initializer_range\"")
                .replace("\"out_hidden_size\" : 32", "\"out_hidden_size\" : 64")
                .replace("\"num_attention_heads\" : 4", "\"num_attention_heads\" : 8")
                .replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3"),
            "wider");
    try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(golden())) {
      assertThatThrownBy(() -> ck.checkShapes(wider))
          .isInstanceOf(WeightShapeException.class)
          .hasMessageContaining(
              "model.safetensors: tensor model.layers.0.self_attn.q_proj.weight has shape [32, 32], config implies [64, 64]")
          .hasMessageContaining("missing tensor model.layers.2.input_layernorm.weight [64]")
          .satisfies(e -> assertThat(((WeightShapeException) e).problems()).hasSizeGreaterThan(20));
      Qwen25VlConfig untied =
          Qwen25VlConfig.parse(
              Qwen25VlConfig.tiny().toJson().replace("\"tie_word_embeddings\" : true", "\"tie_word_embeddings\" : false"),
              "untied");
      assertThatThrownBy(() -> ck.checkShapes(untied))
          .hasMessageContaining("missing tensor lm_head.weight [151936, 32]");
    }
  }
}
