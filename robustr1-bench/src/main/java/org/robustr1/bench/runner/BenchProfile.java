package org.robustr1.bench.runner;

import static com.google.common.base.Preconditions.checkArgument;

import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long JMH measures each benchmark: forks, warm-up and measurement iterations and their
 * durations. {@link #QUICK} and {@link #SHORT} override the benchmarks' annotations; {@link #FULL}
 * keeps them (what {@code java -jar benchmarks.jar} runs).
 *
 * @param name a label written into the report
 * @param forks forked JVMs per benchmark (0 runs in the calling JVM: for tests only), or -1 to keep
 *     the annotation
 * @param warmupIterations warm-up iterations, or -1 to keep the annotation
 * @param warmupMillis milliseconds per warm-up iteration, or -1 to keep the annotation
 * @param measurementIterations measured iterations, or -1 to keep the annotation
 * @param measurementMillis milliseconds per measured iteration, or -1 to keep the annotation
 */
public record BenchProfile(
    String name,
    int forks,
    int warmupIterations,
    long warmupMillis,
    int measurementIterations,
    long measurementMillis) {

  /** One fork, one 500 ms warm-up and two 500 ms measurements: a first look in a few minutes. */
  public static final BenchProfile QUICK = new BenchProfile("quick", 1, 1, 500, 2, 500);

  /** One fork, two 1 s warm-ups and three 1 s measurements: the default of {@code bin/robustr1-bench}. */
  public static final BenchProfile SHORT = new BenchProfile("short", 1, 2, 1000, 3, 1000);

  /** The settings annotated on each benchmark class (typically 1 fork, 3 × 1 s warm-up, 5 × 1 s). */
  public static final BenchProfile FULL = new BenchProfile("full (annotations)", -1, -1, -1, -1, -1);

  /** Validates. */
  public BenchProfile {
    checkArgument(name != null && !name.isBlank(), "profile name is blank");
    checkArgument(forks >= -1, "forks must be >= 0 (or -1 to keep the annotation), got %s", forks);
    checkArgument(warmupIterations >= -1, "warmupIterations must be >= -1, got %s", warmupIterations);
    checkArgument(warmupMillis == -1 || warmupMillis > 0, "warmupMillis must be > 0 or -1, got %s", warmupMillis);
    checkArgument(
        measurementIterations == -1 || measurementIterations > 0,
        "measurementIterations must be > 0 or -1, got %s",
        measurementIterations);
    checkArgument(
        measurementMillis == -1 || measurementMillis > 0,
        "measurementMillis must be > 0 or -1, got %s",
        measurementMillis);
  }

  TimeValue warmupTime() {
    return TimeValue.milliseconds(warmupMillis);
  }

  TimeValue measurementTime() {
    return TimeValue.milliseconds(measurementMillis);
  }

  /** A one-line description, e.g. {@code quick: 1 fork, 1 × 500 ms warm-up, 2 × 500 ms measured}. */
  public String describe() {
    if (forks < 0 && warmupIterations < 0 && measurementIterations < 0) {
      return name + ": the @Fork/@Warmup/@Measurement annotations of each benchmark";
    }
    return name + ": " + (forks < 0 ? "annotated" : forks) + " fork(s), "
        + part(warmupIterations, warmupMillis) + " warm-up, "
        + part(measurementIterations, measurementMillis) + " measured";
  }

  private static String part(int n, long ms) {
    return (n < 0 ? "annotated" : String.valueOf(n)) + " × " + (ms < 0 ? "annotated" : ms + " ms");
  }
}
