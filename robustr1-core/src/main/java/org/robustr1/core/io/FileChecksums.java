package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checksums for {@link RunFingerprint} fields: the SHA-256 of a whole file, and a sampled SHA-256
 * for multi-gigabyte weights files that a rerun should not have to read in full.
 */
public final class FileChecksums {

  /** Files up to this size are hashed in full by {@link #sampledSha256}. */
  public static final long SAMPLE_ALL_BELOW = 64L << 20;

  /** Blocks read by {@link #sampledSha256} from a larger file. */
  public static final int SAMPLE_BLOCKS = 256;

  /** Size of each sampled block. */
  public static final int SAMPLE_BLOCK_BYTES = 64 << 10;

  private FileChecksums() {}

  /** The hex SHA-256 of the file's content. */
  public static String sha256(Path file) throws IOException {
    requireNonNull(file, "file");
    Hasher h = Hashing.sha256().newHasher();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        h.putBytes(buf, 0, n);
      }
    }
    return h.hash().toString();
  }

  /**
   * A SHA-256 over the file's size and content, reading all of a file up to {@link
   * #SAMPLE_ALL_BELOW} and otherwise its first and last {@link #SAMPLE_ALL_BELOW}/2 bytes plus
   * {@link #SAMPLE_BLOCKS} evenly spaced blocks: a weights file whose header or any sizeable part of
   * its tensors changed gets another value, without reading gigabytes. Prefixed {@code sampled:}
   * when sampling was used, so it is never mistaken for a full hash.
   */
  public static String sampledSha256(Path file) throws IOException {
    requireNonNull(file, "file");
    long size = Files.size(file);
    if (size <= SAMPLE_ALL_BELOW) {
      return sha256(file);
    }
    Hasher h = Hashing.sha256().newHasher();
    h.putLong(size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long edge = SAMPLE_ALL_BELOW / 2;
      hashRange(ch, 0, edge, h);
      long step = (size - 2 * edge) / (SAMPLE_BLOCKS + 1);
      for (int i = 1; i <= SAMPLE_BLOCKS; i++) {
        hashRange(ch, edge + i * step, Math.min(SAMPLE_BLOCK_BYTES, step), h);
      }
      hashRange(ch, size - edge, edge, h);
    }
    return "sampled:" + h.hash();
  }

  private static void hashRange(FileChannel ch, long from, long length, Hasher h) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
    long pos = from;
    long end = from + length;
    while (pos < end) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), end - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      buf.flip();
      h.putBytes(buf);
      pos += n;
    }
  }
}
