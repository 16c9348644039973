package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Line-numbered JSON Lines reading and writing. Blank lines are skipped (but counted); line numbers
 * are 1-based and appear in every error as {@code <file name> line <n>}.
 */
public final class JsonLines {
  private JsonLines() {}

  /** Decodes one non-blank line. */
  @FunctionalInterface
  public interface LineDecoder<T> {
    /**
     * @param line the line's text
     * @param where its location, e.g. {@code train.jsonl line 12}
     */
    T decode(String line, String where);
  }

  /** Encodes one value as a single line (without the line break). */
  @FunctionalInterface
  public interface LineEncoder<T> {
    /** The line for {@code value}. */
    String encode(T value);
  }

  /** Decoder of {@link TrainRow}s. */
  public static final LineDecoder<TrainRow> TRAIN_ROWS = TrainRow::parse;

  /** Decoder of {@link RobustSample}s in the {@link SampleCodec} schema. */
  public static final LineDecoder<RobustSample> SAMPLES = SampleCodec::parse;

  /** Reads a whole file. */
  public static <T> List<T> read(Path file, LineDecoder<T> decoder) throws IOException {
    List<T> out = new ArrayList<>();
    forEach(file, decoder, out::add);
    return out;
  }

  /** Streams a file's values to {@code sink}, in order. */
  public static <T> void forEach(Path file, LineDecoder<T> decoder, Consumer<? super T> sink)
      throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      forEach(r, file.getFileName().toString(), decoder, sink);
    } catch (CharacterCodingException e) {
      throw Utf8Text.notUtf8(file, e);
    }
  }

  /** Streams a reader's values to {@code sink}; {@code source} names it in errors. */
  public static <T> void forEach(
      BufferedReader reader, String source, LineDecoder<T> decoder, Consumer<? super T> sink)
      throws IOException {
    requireNonNull(decoder, "decoder");
    String line;
    int n = 0;
    while ((line = reader.readLine()) != null) {
      n++;
      if (n == 1) {
        line = Utf8Text.stripBom(line);
      }
      if (line.isBlank()) {
        continue;
      }
      sink.accept(decoder.decode(line, source + " line " + n));
    }
  }

  /** Writes values, one line each, UTF-8, {@code \n} line ends. */
  public static <T> void write(Path file, Iterable<? extends T> values, LineEncoder<T> encoder)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (T v : values) {
        String line = encoder.encode(v);
        if (line.indexOf('\n') >= 0) {
          throw new UncheckedIOException(
              new IOException("encoded value spans several lines: " + v));
        }
        w.write(line);
        w.write('\n');
      }
    }
  }
}
