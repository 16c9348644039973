package org.robustr1.serve.generate;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns token ids into text one token at a time, as Hugging Face's text-generation-inference does:
 * it decodes a short window of recent ids and emits what the newest id added, holding text back
 * while a byte-level token has produced only part of a UTF-8 character ({@code U+FFFD} at the
 * end). The window keeps the cost per token constant; the full text of a finished generation is
 * the model's own decode of all ids.
 */
final class IncrementalDecoder {

  private final Function<int[], String> decode;
  private int[] ids = new int[16];
  private int size;
  private int prefixOffset;
  private int readOffset;

  /** @param decode decodes ids to text, special tokens skipped */
  IncrementalDecoder(Function<int[], String> decode) {
    this.decode = requireNonNull(decode, "decode");
  }

  /** Adds a token and returns the text it completes (possibly empty). */
  String add(int id) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size++] = id;
    String prefix = decode.apply(Arrays.copyOfRange(ids, prefixOffset, readOffset));
    String full = decode.apply(Arrays.copyOfRange(ids, prefixOffset, size));
    if (full.length() > prefix.length() && !full.endsWith("\uFFFD") && full.startsWith(prefix)) {
      prefixOffset = readOffset;
      readOffset = size;
      return full.substring(prefix.length());
    }
    return "";
  }
}
