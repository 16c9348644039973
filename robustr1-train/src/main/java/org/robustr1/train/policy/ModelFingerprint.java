package org.robustr1.train.policy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A content fingerprint of a model folder for a run's configuration: SHA-256 over {@code
 * config.json} whole and, of each {@code *.safetensors} file, its name, size, first and last 64 KiB
 * (the header with every tensor's name, shape and offset) and 64 KiB of every 8 MiB between. Reads
 * under 1 % of a large checkpoint yet changes whenever another checkpoint of the same shape is
 * given (trained weights differ everywhere).
 */
public final class ModelFingerprint {

  static final int SAMPLE = 64 * 1024;
  static final long STRIDE = 8L * 1024 * 1024;

  private ModelFingerprint() {}

  /** {@code sha256:<hex>} of the content of {@code dir} (not of its path). */
  public static String of(Path dir) {
    Hasher h = Hashing.sha256().newHasher();
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files =
          s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals("config.json") || n.endsWith(".safetensors");
              })
              .sorted()
              .toList();
      for (Path f : files) {
        h.putString(f.getFileName().toString(), StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(f)) {
          long size = ch.size();
          h.putLong(size);
          if (f.getFileName().toString().equals("config.json")) {
            sample(ch, 0, size, h);
            continue;
          }
          for (long at = 0; at < size; at += STRIDE) {
            sample(ch, at, SAMPLE, h);
          }
          sample(ch, Math.max(0, size - SAMPLE), SAMPLE, h);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fingerprint the model folder " + dir, e);
    }
    return "sha256:" + h.hash();
  }

  private static void sample(FileChannel ch, long at, long length, Hasher h) throws IOException {
    long n = Math.min(length, ch.size() - at);
    ByteBuffer buf = ByteBuffer.allocate((int) n);
    while (buf.hasRemaining()) {
      if (ch.read(buf, at + buf.position()) < 0) {
        break;
      }
    }
    h.putBytes(buf.array(), 0, buf.position());
  }
}
