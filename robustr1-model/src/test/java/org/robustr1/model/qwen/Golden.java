package org.robustr1.model.qwen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.robustr1.core.fixtures.SharedData;

/** Access to the golden fixture qwen25vl-tiny-a for parity tests. */
final class Golden {

  static final ObjectMapper JSON = new ObjectMapper();

  private Golden() {}

  /** The fixture folder; skips the test when ../shared is absent. */
  static Path dir() {
    Optional<Path> p = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(p.isPresent(), SharedData.MISSING);
    return p.get();
  }

  static JsonNode json(String file) throws IOException {
    return JSON.readTree(dir().resolve(file).toFile());
  }

  /** A minimal .npy reader (v1.0, little-endian f4/i8, C order) for tests. */
  record Npy(long[] shape, float[] f, long[] l) {}

  static Npy npy(String file) throws IOException {
    byte[] all = Files.readAllBytes(dir().resolve(file));
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int hlen = bb.getShort(8) & 0xFFFF;
    String header = new String(all, 10, hlen, StandardCharsets.ISO_8859_1);
    String descr = header.replaceAll(".*'descr':\\s*'([^']+)'.*", "$1").trim();
    String shapeStr = header.replaceAll(".*'shape':\\s*\\(([^)]*)\\).*", "$1").trim();
    List<Long> dims = new ArrayList<>();
    for (String s : shapeStr.split(",")) {
      if (!s.isBlank()) {
        dims.add(Long.parseLong(s.trim()));
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    int off = 10 + hlen;
    bb.position(off);
    if (descr.equals("<f4")) {
      float[] f = new float[(int) n];
      bb.asFloatBuffer().get(f);
      return new Npy(shape, f, null);
    }
    if (descr.equals("<i8")) {
      long[] l = new long[(int) n];
      bb.asLongBuffer().get(l);
      return new Npy(shape, null, l);
    }
    throw new IOException("unsupported npy dtype " + descr + " in " + file);
  }

  static FloatBuffer unused() {
    return null;
  }

  static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  static int[] inputIds() throws IOException {
    return ints(json("inputs.json").get("input_ids").get(0));
  }

  static List<int[]> grids() throws IOException {
    List<int[]> g = new ArrayList<>();
    for (JsonNode r : json("inputs.json").get("image_grid_thw")) {
      g.add(ints(r));
    }
    return g;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("length " + a.length + " != " + b.length);
    }
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
