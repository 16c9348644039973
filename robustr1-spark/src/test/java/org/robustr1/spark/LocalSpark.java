package org.robustr1.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.robustr1.spark.io.FileTrees;

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
    return FileTrees.sha256All(root, exceptNames);
  }
}
