package org.robustr1.spark.degrade;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.robustr1.spark.io.FileTrees;

/**
 * The degrade job's scaling in local mode: the same folder degraded with {@code local[1]}, {@code
 * local[2]}, … executor cores (a fresh session each, one untimed warm-up run first), images per
 * second, the parallel efficiency against one core, and whether every run wrote the same files.
 *
 * <p>Run (the inputs: {@code EvalSetThroughput --images 200 --keep-inputs DIR} of robustr1-bench):
 * {@code bin/robustr1-spark} is not needed; {@code java <Spark opens> -cp
 * robustr1-spark.jar:$(cat robustr1-spark/target/spark-classpath.txt)
 * org.robustr1.spark.degrade.DegradeJobScaling --in DIR [--cores 1,2] [--seed 0]
 * [--partitions-per-core 2]} (docs/scale-out.md has the full line).
 */
public final class DegradeJobScaling {

  private DegradeJobScaling() {}

  /**
   * Runs the job once per core count and prints one line each.
   *
   * @param args {@code --in DIR} (required), {@code --cores}, {@code --seed}, {@code
   *     --partitions-per-core}
   */
  public static void main(String[] args) throws IOException {
    Path in = null;
    int[] cores = {1, 2};
    long seed = 0;
    int perCore = 2;
    for (int a = 0; a + 1 < args.length; a += 2) {
      switch (args[a]) {
        case "--in" -> in = Path.of(args[a + 1]);
        case "--cores" -> cores = Arrays.stream(args[a + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seed" -> seed = Long.parseLong(args[a + 1]);
        case "--partitions-per-core" -> perCore = Integer.parseInt(args[a + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[a]);
      }
    }
    if (in == null) {
      throw new IllegalArgumentException("--in DIR is required");
    }
    Path work = Files.createTempDirectory("robustr1-spark-scaling");
    Map<String, String> first = null;
    double base = 0;
    for (int c : cores) {
      SparkSession spark = SparkSession.builder().appName("degrade scaling").master("local[" + c + "]")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      try {
        run(spark, in, work.resolve("warm-up-" + c), seed, c * perCore);
        Path out = work.resolve("out-" + c);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        DegradeJob.Result r = run(spark, in, out, seed, c * perCore);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double rate = (r.images() - r.failures().size()) / wall;
        base = base == 0 ? rate / c : base;
        Map<String, String> digest = FileTrees.sha256All(out, Set.of());
        first = first == null ? digest : first;
        System.out.printf(Locale.ROOT,
            "local[%d], %d partitions: %d images (%d outputs) in %.2f s = %.2f images/s; parallel efficiency %.0f %%;"
                + " process CPU %.1f s = %.0f %% of %d cores; outputs %s%n",
            c, c * perCore, r.images(), r.outputs(), wall, rate, 100 * rate / (base * c), cpu,
            100 * cpu / (wall * Runtime.getRuntime().availableProcessors()), Runtime.getRuntime().availableProcessors(),
            first.equals(digest) ? "identical to the first run" : "DIFFER from the first run");
      } finally {
        spark.stop();
      }
    }
  }

  private static DegradeJob.Result run(SparkSession spark, Path in, Path out, long seed, int partitions)
      throws IOException {
    return DegradeJob.builder().setInput(ImageInput.folder(in.toString())).setName("Bench").optSeed(seed)
        .optOutputDir(out.toString()).optPartitions(partitions).build().run(spark);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
