package org.robustr1.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.testing.SharedData;

class SafetensorsWriterTest {

  private static Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
  }

  @Test
  void reproducesTheReferenceFilesByteForByte(@TempDir Path dir) throws IOException {
    try (SafetensorsFile ref = SafetensorsFile.open(golden().resolve("model.safetensors"))) {
      for (DType dt : new DType[] {DType.F32, DType.BF16}) {
        SafetensorsWriter w = new SafetensorsWriter();
        ref.metadata().forEach(w::putMetadata);
        for (String name : ref.names()) {
          w.putFloats(name, ref.info(name).shape(), () -> ref.floats(name), dt);
        }
        Path out = dir.resolve(dt + ".safetensors");
        w.write(out);
        Path want = golden().resolve(dt == DType.F32 ? "model.safetensors" : "model-bf16.safetensors");
        byte[] a = Files.readAllBytes(out);
        byte[] b = Files.readAllBytes(want);
        assertThat(a.length).as("%s size", dt).isEqualTo(b.length);
        assertThat(Arrays.mismatch(a, b)).as("%s first differing byte", dt).isEqualTo(-1);
      }
    }
  }

  @Test
  void shardedCheckpointRoundTrips(@TempDir Path dir) throws IOException {
    Qwen25VlConfig cfg = Qwen25VlConfig.read(golden());
    try (SafetensorsCheckpoint src = SafetensorsCheckpoint.open(golden())) {
      CheckpointWriter w =
          new CheckpointWriter(cfg).optMaxShardBytes(4_000_000).optPreprocessor(PreprocessorConfig.qwen25Vl());
      for (String name : src.names()) {
        w.putCopy(src, name);
      }
      List<Path> files = w.write(dir);
      assertThat(dir.resolve("model.safetensors.index.json")).exists();
      assertThat(files.stream().map(p -> p.getFileName().toString()))
          .contains("config.json", "preprocessor_config.json", "model-00001-of-00002.safetensors",
              "model-00002-of-00002.safetensors");
      try (SafetensorsCheckpoint back = SafetensorsCheckpoint.open(dir)) {
        assertThat(back.files()).hasSize(2);
        assertThat(back.names()).isEqualTo(src.names());
        back.checkShapes(cfg);
        for (String name : src.names()) {
          assertThat(Arrays.mismatch(back.floats(name), src.floats(name))).as(name).isEqualTo(-1);
        }
      }
      assertThat(Qwen25VlConfig.read(dir).torchDtype()).isEqualTo("float32");
      assertThat(Qwen25VlConfig.read(dir).withTorchDtype("bfloat16")).isEqualTo(cfg);
      assertThat(PreprocessorConfig.read(dir)).isEqualTo(PreprocessorConfig.qwen25Vl());
      String index = Files.readString(dir.resolve("model.safetensors.index.json"));
      assertThat(index).contains("\"total_size\" : 19912576");
    }
  }

  @Test
  void singleFileBf16CheckpointRoundTrips(@TempDir Path dir) throws IOException {
    Qwen25VlConfig cfg = Qwen25VlConfig.read(golden());
    try (SafetensorsCheckpoint src = SafetensorsCheckpoint.open(golden());
        SafetensorsFile bf = SafetensorsFile.open(golden().resolve("model-bf16.safetensors"))) {
      CheckpointWriter w = new CheckpointWriter(cfg).optDtype(DType.BF16);
      for (String name : src.names()) {
        w.putFloats(name, src.info(name).shape(), src.floats(name));
      }
      w.write(dir);
      assertThat(dir.resolve("model.safetensors.index.json")).doesNotExist();
      try (SafetensorsCheckpoint back = SafetensorsCheckpoint.open(dir)) {
        assertThat(back.info("model.norm.weight").dtype()).isEqualTo(DType.BF16);
        for (String name : bf.names()) {
          assertThat(Arrays.mismatch(back.floats(name), bf.floats(name))).as(name).isEqualTo(-1);
        }
      }
      assertThat(Qwen25VlConfig.read(dir).torchDtype()).isEqualTo("bfloat16");
    }
  }

  @Test
  void writerRejectsTensorsThatDoNotMatchTheConfig(@TempDir Path dir) {
    CheckpointWriter w = new CheckpointWriter(Qwen25VlConfig.tiny());
    w.putFloats("model.norm.weight", new long[] {16}, new float[16]);
    assertThatThrownBy(() -> w.write(dir))
        .isInstanceOf(WeightShapeException.class)
        .hasMessageContaining("tensor model.norm.weight has shape [16], config implies [32]")
        .satisfies(
            e ->
                assertThat(((WeightShapeException) e).problems())
                    .hasSize(80)
                    .anyMatch(p -> p.endsWith("missing tensor model.embed_tokens.weight [151936, 32]")));
    assertThat(dir.resolve("config.json")).doesNotExist();
    assertThatThrownBy(() -> new SafetensorsWriter().putFloats("x", new long[] {2, 2}, new float[3], DType.F32))
        .hasMessageContaining("tensor x: 3 values do not match shape [2, 2]");
    assertThatThrownBy(() -> new SafetensorsWriter().putFloats("x", new long[] {1}, new float[1], DType.I64))
        .hasMessageContaining("F32, BF16 or F16");
  }

  @Test
  void mixedDtypesAndHalfRoundTrip(@TempDir Path dir) throws IOException {
    float[] vals = {0f, -0f, 1f, -2.5f, 65504f, 1e-7f, 0x1p-24f, 3.14159f, 70000f, Float.NaN};
    Path f = dir.resolve("m.safetensors");
    new SafetensorsWriter()
        .putFloats("h", new long[] {vals.length}, vals, DType.F16)
        .putFloats("b", new long[] {vals.length}, vals, DType.BF16)
        .putLongs("ids", new long[] {2}, new long[] {-1, Long.MAX_VALUE})
        .write(f);
    try (SafetensorsFile s = SafetensorsFile.open(f)) {
      float[] h = s.floats("h");
      assertThat(h[2]).isEqualTo(1f);
      assertThat(h[3]).isEqualTo(-2.5f);
      assertThat(h[4]).isEqualTo(65504f);
      assertThat(h[5]).isEqualTo(0x1p-24f * 2); // 1e-7 rounds to the nearest subnormal, 2^-23
      assertThat(h[6]).isEqualTo(0x1p-24f);
      assertThat(h[7]).isEqualTo(3.140625f);
      assertThat(h[8]).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(h[9]).isNaN();
      float[] b = s.floats("b");
      assertThat(b[7]).isEqualTo(3.140625f);
      assertThat(b[9]).isNaN();
      assertThat(s.longs("ids")).containsExactly(-1, Long.MAX_VALUE);
      assertThat(s.metadata()).containsEntry("format", "pt");
    }
  }
}
