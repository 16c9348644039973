package org.robustr1.eval.run;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Shard {@code index} of {@code count}: items at positions {@code p} with {@code p % count ==
 * index} (VLMEvalKit's rank sharding), so shards are disjoint and together cover everything.
 *
 * @param index 0-based shard number
 * @param count number of shards
 */
public record Shard(int index, int count) {

  /** Validates. */
  public Shard {
    checkArgument(count >= 1, "shard count must be >= 1, got %s", count);
    checkArgument(index >= 0 && index < count, "shard index must be in [0, %s), got %s", count, index);
  }

  /** The whole dataset. */
  public static Shard all() {
    return new Shard(0, 1);
  }

  /** Parses {@code i/n}. */
  public static Shard parse(String s) {
    String[] p = s.trim().split("/");
    checkArgument(p.length == 2, "shard must look like i/n (0-based i), got '%s'", s);
    try {
      return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard must look like i/n (0-based i), got '" + s + "'", e);
    }
  }

  /** Whether position {@code p} belongs to this shard. */
  public boolean contains(int p) {
    return p % count == index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
