package org.robustr1.spark.degrade;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Spreads images over a fixed number of partitions by expected cost, longest first onto the
 * least-loaded partition (LPT), so no task is left alone with the slow images at the end. The
 * assignment is a function of the ids and costs only, and outputs never depend on it.
 */
final class Balance {

  private Balance() {}

  /** Partition index of each id for the given costs (ties broken by id). */
  static Map<String, Integer> assign(Map<String, Double> cost, int partitions) {
    checkArgument(partitions >= 1, "partitions must be >= 1, got %s", partitions);
    List<Map.Entry<String, Double>> order = new ArrayList<>(cost.entrySet());
    order.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    PriorityQueue<double[]> load = new PriorityQueue<>(
        Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
    for (int p = 0; p < partitions; p++) {
      load.add(new double[] {0, p});
    }
    Map<String, Integer> out = new HashMap<>();
    for (Map.Entry<String, Double> e : order) {
      double[] least = load.poll();
      out.put(e.getKey(), (int) least[1]);
      least[0] += e.getValue();
      load.add(least);
    }
    return out;
  }

  /** {@code rows} moved into {@code partitions} partitions as {@code assignment} says. */
  static JavaRDD<ImageBytes> apply(JavaRDD<ImageBytes> rows, Map<String, Integer> assignment, int partitions) {
    Map<String, Integer> a = new HashMap<>(assignment);
    return rows.mapToPair(r -> new Tuple2<>(a.get(r.id()), r)).partitionBy(new Exact(partitions)).values();
  }

  /** Integer keys are partition indexes. */
  private static final class Exact extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    Exact(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Exact e && e.n == n;
    }

    @Override
    public int hashCode() {
      return n;
    }
  }
}
