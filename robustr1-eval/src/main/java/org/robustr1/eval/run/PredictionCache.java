package org.robustr1.eval.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.robustr1.eval.data.DataFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only JSONL file of predictions, one JSON object per line with at least {@code key}
 * (unique per track and item), {@code index} and {@code prediction}. Each line is written and
 * flushed as soon as the prediction exists, so a crashed run loses at most the line being
 * written. On open, a torn last line (no newline, or not valid JSON) is cut off and reported;
 * a bad line before the last is an error naming the file and line. A key seen twice keeps its
 * first prediction, so a rerun never asks the model twice for the same item.
 */
public final class PredictionCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, ObjectNode> entries = new LinkedHashMap<>();
  private final OutputStream out;
  private final int recovered;
  private final boolean tornTail;

  private PredictionCache(Path file) throws IOException {
    this.file = file;
    int good = 0;
    boolean torn = false;
    if (Files.exists(file)) {
      byte[] bytes = Files.readAllBytes(file);
      int start = 0;
      int line = 0;
      long keep = 0;
      while (start < bytes.length) {
        int nl = start;
        while (nl < bytes.length && bytes[nl] != '\n') {
          nl++;
        }
        line++;
        boolean complete = nl < bytes.length;
        String text = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
        ObjectNode node = null;
        if (!text.isBlank()) {
          try {
            JsonNode n = JSON.readTree(text);
            if (n instanceof ObjectNode o && o.hasNonNull("key") && o.has("prediction")) {
              node = o;
            }
          } catch (IOException e) {
            node = null;
          }
        }
        if (!complete || (node == null && !text.isBlank())) {
          boolean last = !complete || nl + 1 >= bytes.length;
          if (!last) {
            throw new DataFormatException(file, line, "cache line is not a prediction record: " + abbreviate(text));
          }
          torn = true;
          LOG.warn("{}: dropping torn last line {} ({} bytes)", file, line, nl - start);
          break;
        }
        if (node != null) {
          entries.putIfAbsent(node.get("key").asText(), node);
          good++;
        }
        keep = nl + 1L;
        start = nl + 1;
      }
      if (torn) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.setLength(keep);
        }
      }
    } else if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    this.recovered = good;
    this.tornTail = torn;
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** Opens (creating if needed) the cache at {@code file}, repairing a torn last line. */
  public static PredictionCache open(Path file) throws IOException {
    return new PredictionCache(requireNonNull(file, "file"));
  }

  /** The cache file. */
  public Path file() {
    return file;
  }

  /** Number of complete records found on open. */
  public int recovered() {
    return recovered;
  }

  /** Whether a torn last line was cut off on open. */
  public boolean hadTornTail() {
    return tornTail;
  }

  /** Whether {@code key} has a prediction. */
  public synchronized boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** The record of {@code key}. */
  public synchronized Optional<ObjectNode> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Every record, first occurrence per key, in file order. */
  public synchronized Map<String, ObjectNode> entries() {
    return new LinkedHashMap<>(entries);
  }

  /**
   * Appends a record (must hold {@code key} and {@code prediction}) and flushes it; a key already
   * present is ignored and {@code false} returned.
   */
  public synchronized boolean append(ObjectNode record) throws IOException {
    String key = requireNonNull(record.get("key"), "record needs a key").asText();
    if (!record.has("prediction")) {
      throw new IllegalArgumentException("record needs a prediction: " + record);
    }
    if (entries.containsKey(key)) {
      return false;
    }
    byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(line);
    out.flush();
    entries.put(key, record);
    return true;
  }

  /** A new empty record node. */
  public static ObjectNode newRecord() {
    return JSON.createObjectNode();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
