package org.robustr1.model.qwen;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A whole-file safetensors reader (F32, BF16) for tests. */
final class TestSafetensors implements TensorSource {

  private final ByteBuffer data;
  private final Map<String, JsonNode> entries = new LinkedHashMap<>();

  TestSafetensors(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    long n = bb.getLong(0);
    JsonNode header =
        Golden.JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8).trim());
    for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("__metadata__")) {
        entries.put(k, header.get(k));
      }
    }
    bb.position((int) (8 + n));
    data = bb.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public Set<String> names() {
    return entries.keySet();
  }

  @Override
  public long[] shape(String name) {
    JsonNode s = entries.get(name).get("shape");
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i).asLong();
    }
    return out;
  }

  @Override
  public FloatBuffer readFloats(String name) {
    JsonNode e = entries.get(name);
    int begin = e.get("data_offsets").get(0).asInt();
    int end = e.get("data_offsets").get(1).asInt();
    String dt = e.get("dtype").asText();
    if (dt.equals("F32")) {
      FloatBuffer fb = FloatBuffer.allocate((end - begin) / 4);
      for (int i = begin; i < end; i += 4) {
        fb.put(data.getFloat(i));
      }
      return fb.flip();
    }
    if (dt.equals("BF16")) {
      FloatBuffer fb = FloatBuffer.allocate((end - begin) / 2);
      for (int i = begin; i < end; i += 2) {
        fb.put(Float.intBitsToFloat((data.getShort(i) & 0xFFFF) << 16));
      }
      return fb.flip();
    }
    throw new IllegalArgumentException(dt);
  }
}
