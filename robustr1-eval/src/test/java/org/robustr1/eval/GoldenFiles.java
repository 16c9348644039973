package org.robustr1.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.chain.PythonText;
import org.robustr1.testing.SharedData;

/** Test helper: locates and reads the golden files under {@code shared/golden/eval}. */
public final class GoldenFiles {

  public static final ObjectMapper JSON = new ObjectMapper();

  private GoldenFiles() {}

  /** The golden eval folder; skips the calling test when the shared folder is absent. */
  public static Path evalDir() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path p = SharedData.root().get().resolve("golden/eval");
    assumeTrue(Files.isDirectory(p), SharedData.MISSING);
    return p;
  }

  /** The R-Bench fixtures folder; skips when absent. */
  public static Path rbenchFixtures() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path p = SharedData.root().get().resolve("fixtures/rbench");
    assumeTrue(Files.isDirectory(p), SharedData.MISSING);
    return p;
  }

  /** Every JSON object of a JSONL file. */
  public static List<JsonNode> jsonl(Path file) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object of options as Python {@code str()} would print each value; null for NaN. */
  public static Map<String, String> pyChoices(JsonNode obj) {
    Map<String, String> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), pyStr(e.getValue()));
    }
    return m;
  }

  /** Python {@code str()} of a JSON scalar; null for JSON null. */
  public static String pyStr(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      return PythonText.floatRepr(v.doubleValue());
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "True" : "False";
    }
    return v.asText();
  }
}
