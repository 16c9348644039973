package org.robustr1.train.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hashing;
import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The configuration of a training run as stored in each checkpoint ({@code run_config.json}),
 * readable back: the {@code trajectory} fields (everything that changes which updates the run
 * makes: the data file's checksum, the model, every hyper-parameter, the prompt style, the seed)
 * and the {@code settings} that do not (checkpoint interval, memory options). The fingerprint is the
 * SHA-256 of the trajectory fields in canonical JSON; a resume compares them field by field.
 *
 * @param trainer the trainer's name ({@code SFT}, {@code GRPO}, ...)
 * @param trajectory name → value (strings, numbers, booleans) of the fields that change the run
 * @param settings name → value of recorded fields that do not
 */
public record RunConfig(
    String trainer, ImmutableSortedMap<String, Object> trajectory, ImmutableSortedMap<String, Object> settings) {

  /** The file name inside a checkpoint. */
  public static final String FILE = "run_config.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Validates. */
  public RunConfig {
    requireNonNull(trainer, "trainer");
    requireNonNull(trajectory, "trajectory");
    requireNonNull(settings, "settings");
  }

  /** A builder for the trainer named {@code trainer}. */
  public static Builder builder(String trainer) {
    return new Builder(trainer);
  }

  /** SHA-256 (hex) of the trajectory fields in canonical JSON (keys sorted, no spaces). */
  public String fingerprint() {
    try {
      return Hashing.sha256().hashBytes(JSON.writeValueAsBytes(trajectory)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the run configuration", e);
    }
  }

  /**
   * The trajectory fields that differ from {@code earlier}, one line each: {@code name: earlier →
   * this} ({@code (absent)} for a missing field); empty when both runs follow the same trajectory.
   */
  public ImmutableList<String> differencesFrom(RunConfig earlier) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    if (!trainer.equals(earlier.trainer)) {
      out.add("trainer: " + earlier.trainer + " → " + trainer);
    }
    TreeSet<String> names = new TreeSet<>(trajectory.keySet());
    names.addAll(earlier.trajectory.keySet());
    for (String n : names) {
      Object was = earlier.trajectory.get(n);
      Object now = trajectory.get(n);
      if (!Objects.equals(normalise(was), normalise(now))) {
        out.add(n + ": " + show(was) + " → " + show(now));
      }
    }
    return out.build();
  }

  private static Object normalise(Object v) {
    return v instanceof Number n ? (Object) n.doubleValue() : v;
  }

  private static String show(Object v) {
    return v == null ? "(absent)" : String.valueOf(v);
  }

  /** Writes {@code dir/run_config.json} (with the fingerprint, for people reading it). */
  public void write(Path dir) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("trainer", trainer);
    doc.put("fingerprint", fingerprint());
    doc.put("trajectory", trajectory);
    doc.put("settings", settings);
    Files.writeString(
        dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Reads the {@code run_config.json} of a checkpoint folder; empty when the checkpoint predates
   * it.
   */
  public static java.util.Optional<RunConfig> read(Path checkpoint) {
    Path file = checkpoint.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      Map<String, Object> doc = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
      return java.util.Optional.of(
          new RunConfig(
              String.valueOf(doc.get("trainer")),
              ImmutableSortedMap.copyOf(map(doc.get("trajectory"), file)),
              ImmutableSortedMap.copyOf(map(doc.get("settings"), file))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, Path file) {
    checkArgument(o instanceof Map, "%s: expected an object of fields", file);
    return (Map<String, Object>) o;
  }

  /**
   * SHA-256 (hex) of a whole file, e.g. the training data; for a trajectory field that changes
   * when any byte of it changes.
   */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Hashing.sha256().hashBytes(ByteStreams.toByteArray(in)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Collects the fields of a {@link RunConfig}. */
  public static final class Builder {
    private final String trainer;
    private final Map<String, Object> trajectory = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private Builder(String trainer) {
      this.trainer = requireNonNull(trainer, "trainer");
    }

    /** A field that changes the trajectory (compared on resume). */
    public Builder trajectory(String name, Object value) {
      trajectory.put(requireNonNull(name, "name"), plain(name, value));
      return this;
    }

    /** Every entry of {@code fields} as trajectory fields, names prefixed with {@code prefix}. */
    public Builder trajectory(String prefix, Map<String, ?> fields) {
      fields.forEach((k, v) -> trajectory(prefix + k, v));
      return this;
    }

    /** A recorded field that does not change the trajectory. */
    public Builder setting(String name, Object value) {
      settings.put(requireNonNull(name, "name"), plain(name, value));
      return this;
    }

    private static Object plain(String name, Object value) {
      if (value == null) {
        return "none";
      }
      if (value instanceof Enum<?> e) {
        return e.name();
      }
      if (value instanceof Path p) {
        return p.toString();
      }
      checkArgument(
          value instanceof String || value instanceof Number || value instanceof Boolean,
          "run configuration field %s must be a string, number or boolean, got %s",
          name,
          value.getClass().getSimpleName());
      return value;
    }

    /** The configuration. */
    public RunConfig build() {
      return new RunConfig(trainer, ImmutableSortedMap.copyOf(trajectory), ImmutableSortedMap.copyOf(settings));
    }
  }
}
