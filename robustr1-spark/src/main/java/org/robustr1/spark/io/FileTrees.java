package org.robustr1.spark.io;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Fingerprints of local output trees, to show two runs wrote the same files. */
public final class FileTrees {

  private FileTrees() {}

  /**
   * The SHA-256 (hex) of every regular file under {@code root}, by path relative to it, except
   * files named in {@code exceptNames}.
   */
  public static Map<String, String> sha256All(Path root, Set<String> exceptNames) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (!exceptNames.contains(p.getFileName().toString())) {
          out.put(root.relativize(p).toString(), Hashing.sha256().hashBytes(Files.readAllBytes(p)).toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root, e);
    }
    return out;
  }
}
