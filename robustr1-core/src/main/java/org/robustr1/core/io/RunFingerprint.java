package org.robustr1.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What produced a resumable output: ordered named fields (model identity and checksum, prompt,
 * decoding settings, seed, data checksum, degradation settings, ...) written as a flat JSON object
 * beside the output. A rerun builds the fingerprint of its own settings and {@link #claim claims}
 * the output with it: the first run writes the file, a rerun with the same fields resumes, and a
 * rerun with other fields is refused by a {@link FingerprintMismatchException} naming each
 * differing field with both values, so old and new results are never mixed.
 *
 * <p>Values are kept as text; a stored JSON number or boolean reads as its text ({@code 5}, {@code
 * 0.1}, {@code true}), so a settings file of plain scalars written before this class existed is a
 * valid fingerprint. Field names are compared exactly; a field present on one side only is a
 * difference. Use {@link FileChecksums} for the checksum fields.
 *
 * <pre>{@code
 * RunFingerprint fp = RunFingerprint.builder()
 *     .add("model", modelDir.getFileName())
 *     .add("model_checksum", FileChecksums.sampledSha256(weights))
 *     .add("seed", seed)
 *     .build();
 * fp.claim(outDir.resolve("fingerprint.json"), "use a new --out folder or --overwrite");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RunFingerprint {

  private final ImmutableMap<String, String> fields;

  private RunFingerprint(ImmutableMap<String, String> fields) {
    this.fields = fields;
  }

  /** A builder adding fields in order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fields in the order they were added (or stored). */
  public ImmutableMap<String, String> fields() {
    return fields;
  }

  /** The value of {@code field}, if present. */
  public Optional<String> get(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  /**
   * The fields whose values differ between {@code stored} (an earlier run's fingerprint) and this
   * one, in this fingerprint's order followed by fields only {@code stored} has; empty when they
   * are equal.
   */
  public ImmutableList<Difference> differencesFrom(RunFingerprint stored) {
    requireNonNull(stored, "stored");
    Set<String> names = new LinkedHashSet<>(fields.keySet());
    names.addAll(stored.fields.keySet());
    ImmutableList.Builder<Difference> out = ImmutableList.builder();
    for (String n : names) {
      String was = stored.fields.get(n);
      String now = fields.get(n);
      if (was == null ? now != null : !was.equals(now)) {
        out.add(new Difference(n, was, now));
      }
    }
    return out.build();
  }

  /**
   * Reads a fingerprint file; an absent file gives empty.
   *
   * @throws IOException naming the file when it is not a JSON object of scalar values
   */
  public static Optional<RunFingerprint> read(Path file) throws IOException {
    requireNonNull(file, "file");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(file + ": not a readable fingerprint: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": a fingerprint must be a JSON object of field names to values");
    }
    Builder b = builder();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (v.isContainerNode()) {
        throw new IOException(file + ": fingerprint field '" + e.getKey() + "' must be a plain value, got " + v);
      }
      b.add(e.getKey(), v.isNull() ? null : v.asText());
    }
    return Optional.of(b.build());
  }

  /** Writes the fingerprint to {@code file} atomically (pretty JSON, one field per line). */
  public void write(Path file) throws IOException {
    requireNonNull(file, "file");
    ObjectNode o = Json.object();
    fields.forEach(o::put);
    String text = Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Claims an output for this run: writes {@code file} when it does not exist; returns quietly
   * when it holds the same fields; otherwise refuses.
   *
   * @param remedy what the user can do instead, appended to the error (e.g. {@code "use a new --out
   *     folder or --overwrite"})
   * @throws FingerprintMismatchException naming every differing field with its stored and current
   *     value
   * @throws IOException when the file cannot be read or written
   */
  public void claim(Path file, String remedy) throws IOException {
    Optional<RunFingerprint> stored = read(file);
    if (stored.isEmpty()) {
      write(file);
      return;
    }
    ImmutableList<Difference> diff = differencesFrom(stored.get());
    if (!diff.isEmpty()) {
      throw new FingerprintMismatchException(file, diff, remedy);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunFingerprint f && f.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  /**
   * One field that differs.
   *
   * @param field the field name
   * @param stored the earlier run's value, or null when it had no such field
   * @param current this run's value, or null when it has no such field
   */
  public record Difference(String field, String stored, String current) {

    /** Requires the field name. */
    public Difference {
      requireNonNull(field, "field");
    }

    /** {@code field: was 'a', now 'b'}. */
    @Override
    public String toString() {
      return field + ": was " + quote(stored) + ", now " + quote(current);
    }

    private static String quote(String v) {
      return v == null ? "absent" : "'" + v + "'";
    }
  }

  /** Builds a fingerprint; fields keep the order they are added in. */
  public static final class Builder {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a field; the value is kept as {@code String.valueOf(value)} (so null is {@code
     * "null"}).
     *
     * @throws IllegalArgumentException when the name is blank or already added
     */
    public Builder add(String field, Object value) {
      requireNonNull(field, "field");
      checkArgument(!field.isBlank(), "a fingerprint field needs a name");
      checkArgument(!fields.containsKey(field), "fingerprint field '%s' added twice", field);
      fields.put(field, String.valueOf(value));
      return this;
    }

    /** Adds every field of {@code other} in its order. */
    public Builder addAll(RunFingerprint other) {
      other.fields.forEach(this::add);
      return this;
    }

    /** The fingerprint. */
    public RunFingerprint build() {
      return new RunFingerprint(ImmutableMap.copyOf(fields));
    }
  }
}
