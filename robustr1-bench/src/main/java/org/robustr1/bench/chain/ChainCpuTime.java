package org.robustr1.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.reward.AccuracyReward;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.DegradationReward;
import org.robustr1.core.reward.FormatReward;
import org.robustr1.core.reward.LengthReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.TokenCounter;

/**
 * The per-completion operations of {@link ChainBenchmark} timed in <b>thread CPU time</b> (best of
 * 7 rounds of 20 000 calls after 100 000 warm-up calls): a companion to the JMH scores for shared,
 * oversubscribed machines, where wall-clock time per operation is inflated by time slicing but CPU
 * time is not. Prints one Markdown table, microseconds of CPU per call.
 *
 * <p>Run: {@code java -cp robustr1-bench/target/benchmarks.jar
 * org.robustr1.bench.chain.ChainCpuTime [tokens ...]} (default 64 … 4096).
 */
public final class ChainCpuTime {

  private static volatile Object sink;

  private ChainCpuTime() {}

  /** Prints the table for the given token counts (default all of {@link ChainFixtures#LENGTHS}). */
  public static void main(String[] args) {
    int[] lengths =
        Arrays.stream(args.length == 0 ? ChainFixtures.LENGTHS : args).mapToInt(Integer::parseInt).toArray();
    TokenCounter counter = TokenCounter.approximate();
    CompositeReward official = CompositeReward.official(counter);
    AccuracyReward acc = AccuracyReward.official();
    FormatReward fmt = FormatReward.official();
    DegradationReward deg = DegradationReward.official();
    LengthReward len = LengthReward.official(counter);
    boolean header = true;
    for (int tokens : lengths) {
      String c = ChainFixtures.completion(tokens);
      RewardContext ctx = ChainFixtures.reference(tokens);
      Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
      ops.put("parse", () -> ChainFormat.DEFAULT.parse(c));
      ops.put("countTokens", () -> counter.count(c));
      ops.put("accuracy", () -> acc.reward(c, ctx));
      ops.put("format", () -> fmt.reward(c, ctx));
      ops.put("r_deg", () -> deg.reward(c, ctx));
      ops.put("r_len", () -> len.reward(c, ctx));
      ops.put("official sum", () -> official.reward(c, ctx));
      ops.put("parse + score", () -> {
        sink = ChainFormat.DEFAULT.parse(c);
        return official.score(c, ctx);
      });
      if (header) {
        System.out.println("| tokens | chars | " + String.join(" | ", ops.keySet()) + " |");
        System.out.println("|---:|---:|" + "---:|".repeat(ops.size()));
        header = false;
      }
      StringBuilder row = new StringBuilder("| " + tokens + " | " + c.length() + " |");
      for (Supplier<Object> op : ops.values()) {
        row.append(String.format(Locale.ROOT, " %.2f |", cpuMicros(op)));
      }
      System.out.println(row);
    }
  }

  private static double cpuMicros(Supplier<Object> op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 100_000; i++) {
      sink = op.get();
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      int n = 20_000;
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = op.get();
      }
      best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / n);
    }
    return best;
  }
}
