package org.robustr1.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import com.google.common.hash.Hashing;

/**
 * The test suite's one Spark session, {@code local[2,2]}: two cores and two attempts per task (so an
 * injected task failure is retried as on a cluster), shared by every test class of the fork.
 */
public final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  /** The session, started on first use. */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder().appName("robustr1-spark tests").master("local[2,2]")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** SHA-256 of every regular file under {@code root} by relative path, except the named file names. */
  public static Map<String, String> sha256All(Path root, Set<String> exceptNames) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        if (exceptNames.contains(p.getFileName().toString())) {
          continue;
        }
        out.put(root.relativize(p).toString(), Hashing.sha256().hashBytes(Files.readAllBytes(p)).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
