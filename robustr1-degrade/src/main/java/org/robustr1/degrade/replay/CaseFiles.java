package org.robustr1.degrade.replay;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.degrade.ops.ParamsCodec;

/**
 * Reads and writes {@link DegradationCase}s: a {@code .json} file holds one case (a golden
 * fixture), a {@code .jsonl} file one case per line (a manifest).
 */
public final class CaseFiles {

  private static final ObjectMapper MAPPER =
      ParamsCodec.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

  private CaseFiles() {}

  /**
   * Reads the cases of a {@code .json} or {@code .jsonl} file (blank lines are skipped).
   *
   * @throws IOException naming the file (and line) when it cannot be read or parsed
   */
  public static ImmutableList<DegradationCase> read(Path file) throws IOException {
    requireNonNull(file, "file");
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl")) {
      ImmutableList.Builder<DegradationCase> out = ImmutableList.builder();
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          out.add(parse(line, file + ":" + n));
        }
      }
      return out.build();
    }
    return ImmutableList.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
  }

  /**
   * A case and where it was read: {@code file} for a {@code .json} case, {@code file:line} for a
   * manifest line.
   *
   * @param location the file (and line)
   * @param value the case
   */
  public record Located(String location, DegradationCase value) {}

  /** Like {@link #read(Path)}, keeping each case's file and line. */
  public static ImmutableList<Located> readLocated(Path file) throws IOException {
    requireNonNull(file, "file");
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!name.endsWith(".jsonl")) {
      return ImmutableList.of(new Located(file.toString(), read(file).get(0)));
    }
    ImmutableList.Builder<Located> out = ImmutableList.builder();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (!line.isBlank()) {
        out.add(new Located(file + ":" + n, parse(line, file + ":" + n)));
      }
    }
    return out.build();
  }

  /**
   * Reads the parseable lines of a {@code .jsonl} manifest that a crash may have cut short: blank
   * and unparseable lines (a torn last line) are passed to {@code onDropped} as errors naming the
   * file and line, then skipped. A missing file reads as empty.
   */
  public static ImmutableList<DegradationCase> readTolerant(
      Path file, java.util.function.Consumer<IOException> onDropped) throws IOException {
    requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<DegradationCase> out = ImmutableList.builder();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(line, file + ":" + n));
      } catch (IOException e) {
        onDropped.accept(e);
      }
    }
    return out.build();
  }

  /** Parses one case; {@code where} names its source in errors. */
  public static DegradationCase parse(String json, String where) throws IOException {
    try {
      return MAPPER.readValue(json, DegradationCase.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IOException(where + ": not a valid degradation case: " + e.getMessage(), e);
    }
  }

  /** One case as a single JSON line (no trailing newline). */
  public static String toJsonLine(DegradationCase c) {
    try {
      return MAPPER.writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes cases as JSON lines, replacing the file. */
  public static void writeJsonl(Path file, List<DegradationCase> cases) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (DegradationCase c : cases) {
      sb.append(toJsonLine(c)).append('\n');
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
