package org.robustr1.train.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per line to a file. On resume, lines of steps after the checkpoint
 * (written by the interrupted run after its last save) are dropped first, so the file reads as if
 * the run had never stopped.
 */
public final class MetricsWriter implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;

  /**
   * Opens {@code file}. With {@code keepUpToStep < 0} the file is started afresh; otherwise the
   * lines whose {@code step} exceeds {@code keepUpToStep} are removed.
   */
  public MetricsWriter(Path file, int keepUpToStep) {
    this.file = requireNonNull(file, "file");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (keepUpToStep < 0 || !Files.exists(file)) {
        Files.deleteIfExists(file);
      } else {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          try {
            JsonNode n = JSON.readTree(line);
            if (n.has("step") && n.get("step").asInt() > keepUpToStep) {
              continue;
            }
          } catch (IOException e) {
            continue; // a line cut by the kill
          }
          kept.add(line);
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
      }
      this.out =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + file, e);
    }
  }

  /** Writes one record and flushes. */
  public void write(Map<String, ?> record) {
    try {
      out.write(JSON.writeValueAsString(record));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + file, e);
    }
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
