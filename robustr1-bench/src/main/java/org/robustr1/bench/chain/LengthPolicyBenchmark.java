package org.robustr1.bench.chain;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.length.FittedLengthPolicy;
import org.robustr1.core.length.LengthPolicy;
import org.robustr1.core.length.LinearLengthPolicy;

/**
 * The length policies that turn a degradation record into a target chain length L*: the linear
 * default and a least-squares fit to (total intensity, chain length) pairs.
 *
 * <p>Why it matters: the target length is what the paper's dynamic depth is about: a lightly
 * degraded image should get a short chain, a heavily degraded one a longer chain, and r_len pulls
 * the policy model towards L*. Evaluating a policy happens once per prompt and must be free; fitting
 * one happens once per dataset (a streaming pass over every row), so {@link #fit10k} shows what a
 * dataset of 10 000 rows costs.
 *
 * <p>Units: nanoseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LengthPolicyBenchmark {

  private static final int RECORDS = 64;
  private static final int PAIRS = 10_000;

  private DegradationRecord[] records;
  private double[] intensities;
  private double[] lengths;
  private LengthPolicy linear;
  private LengthPolicy fitted;

  /** 64 records of one to three official degradations and 10 000 synthetic (I, L) pairs. */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    var types = DegradationType.official();
    double[] levels = {0.23, 0.45, 0.9};
    records = new DegradationRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      int n = 1 + rnd.nextInt(3);
      AppliedDegradation[] steps = new AppliedDegradation[n];
      for (int k = 0; k < n; k++) {
        steps[k] = AppliedDegradation.of(types.get(rnd.nextInt(types.size())), levels[rnd.nextInt(3)]);
      }
      records[i] = DegradationRecord.of(steps);
    }
    intensities = new double[PAIRS];
    lengths = new double[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
      intensities[i] = levels[rnd.nextInt(3)] * (1 + rnd.nextInt(3));
      lengths[i] = 150 + 180 * intensities[i] + 40 * rnd.nextDouble();
    }
    linear = LinearLengthPolicy.DEFAULT;
    fitted = FittedLengthPolicy.fit(intensities, lengths);
  }

  /** The linear default (128 tokens clean → 512 at total intensity 1) over 64 records. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void linearTarget(Blackhole bh) {
    for (DegradationRecord r : records) {
      bh.consume(linear.targetLength(r));
    }
  }

  /** A fitted least-squares policy over 64 records. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void fittedTarget(Blackhole bh) {
    for (DegradationRecord r : records) {
      bh.consume(fitted.targetLength(r));
    }
  }

  /** Fitting a policy to 10 000 (intensity, length) pairs (per fit, not per pair). */
  @Benchmark
  public FittedLengthPolicy fit10k() {
    return FittedLengthPolicy.fit(intensities, lengths);
  }
}
