package org.robustr1.eval.rbench.full;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What made a cache: named text fields (model, sampling, prompt, data checksum; or judge URL and
 * model). Written beside the cache as JSON on the first run; a later run whose fields differ is
 * refused with one line naming the fields, so a rerun never mixes results of two setups.
 *
 * <p>A stand-in for the project-wide run fingerprint: it only needs {@link #of} and {@link
 * #verifyOrWrite}.
 *
 * @param fields field name to value
 */
public record CacheFingerprint(ImmutableSortedMap<String, String> fields) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates. */
  public CacheFingerprint {
    requireNonNull(fields, "fields");
  }

  /** A fingerprint of these fields (null values are written as "none"). */
  public static CacheFingerprint of(Map<String, String> fields) {
    TreeMap<String, String> m = new TreeMap<>();
    fields.forEach((k, v) -> m.put(k, v == null ? "none" : v));
    return new CacheFingerprint(ImmutableSortedMap.copyOf(m));
  }

  /**
   * Writes this fingerprint to {@code fingerprintFile} when the cache is new, or checks that the one
   * written there equals it.
   *
   * @param cacheFile the cache it describes (named in messages)
   * @throws IllegalStateException when the cache was made by a different setup, or has no
   *     fingerprint while holding records
   */
  public void verifyOrWrite(Path fingerprintFile, Path cacheFile) throws IOException {
    if (!Files.exists(fingerprintFile)) {
      if (Files.exists(cacheFile) && Files.size(cacheFile) > 0) {
        throw new IllegalStateException(cacheFile + " has no " + fingerprintFile.getFileName()
            + ", so the run that made it is unknown; use another --out or delete " + cacheFile);
      }
      AtomicWrite.bytes(fingerprintFile, JSON.writeValueAsBytes(fields));
      return;
    }
    Map<String, String> old = JSON.readValue(fingerprintFile.toFile(), new TypeReference<Map<String, String>>() {});
    List<String> diffs = new ArrayList<>();
    TreeMap<String, String> all = new TreeMap<>(old);
    all.putAll(fields);
    for (String k : all.keySet()) {
      String was = old.getOrDefault(k, "(absent)");
      String now = fields.getOrDefault(k, "(absent)");
      if (!was.equals(now)) {
        diffs.add(k + " was '" + was + "', now '" + now + "'");
      }
    }
    if (!diffs.isEmpty()) {
      throw new IllegalStateException(cacheFile + " was made by a different setup (" + String.join("; ", diffs)
          + "); use another --out, or delete " + cacheFile + " and " + fingerprintFile.getFileName() + " to start over");
    }
  }
}
