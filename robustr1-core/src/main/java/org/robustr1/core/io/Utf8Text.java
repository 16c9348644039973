package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * UTF-8 text files as the library reads them: a leading byte-order mark is accepted and dropped,
 * and a file that is not UTF-8 is refused naming the line of the first bad byte ({@code
 * train.jsonl: not UTF-8 at line 3 (byte 0xE9 at offset 112); re-save it as UTF-8}) instead of
 * the JDK's {@code MalformedInputException: Input length = 1}.
 */
public final class Utf8Text {

  /** The byte-order mark as a decoded character. */
  public static final char BOM = '\uFEFF';

  private Utf8Text() {}

  /** {@code line} without a leading byte-order mark (pass the first line of a file). */
  public static String stripBom(String line) {
    return line != null && !line.isEmpty() && line.charAt(0) == BOM ? line.substring(1) : line;
  }

  /**
   * The error to raise when reading {@code file} as UTF-8 failed with {@code cause}: it names the
   * file, the 1-based line and offset of the first byte that is not UTF-8, and what to change.
   */
  public static IOException notUtf8(Path file, CharacterCodingException cause) {
    requireNonNull(file, "file");
    String where;
    try {
      where = firstBadByte(file);
    } catch (IOException e) {
      where = "";
    }
    IOException out = new IOException(file + ": not UTF-8" + where + "; re-save it as UTF-8");
    out.initCause(cause);
    return out;
  }

  /** {@code " at line N (byte 0xXX at offset B)"} for the first malformed byte, or empty. */
  private static String firstBadByte(Path file) throws IOException {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    long consumed = 0;
    long line = 1;
    try (InputStream s = Files.newInputStream(file)) {
      boolean eof = false;
      while (true) {
        if (!eof) {
          int n = s.read(in.array(), in.position(), in.remaining());
          if (n < 0) {
            eof = true;
          } else {
            in.position(in.position() + n);
          }
        }
        in.flip();
        int start = in.position();
        CoderResult r = dec.decode(in, out, eof);
        out.flip();
        for (int i = 0; i < out.length(); i++) {
          if (out.charAt(i) == '\n') {
            line++;
          }
        }
        out.clear();
        if (r.isError()) {
          long offset = consumed + (in.position() - start);
          return String.format(" at line %d (byte 0x%02X at offset %d)", line, in.get(in.position()) & 0xFF, offset);
        }
        consumed += in.position() - start;
        in.compact();
        if (eof && !r.isOverflow() && in.position() == 0) {
          return "";
        }
      }
    }
  }
}
