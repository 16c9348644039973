package org.robustr1.core.provenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The library's build: its version, the source commit it was built from and the DJL and PyTorch
 * versions it was built against, read from the {@code build.properties} resource that Maven fills
 * in. A build from a source tree without git reports the commit as {@value #UNKNOWN}.
 *
 * @param version the Maven version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the full git commit id, or {@value #UNKNOWN}
 * @param dirty whether the working tree had uncommitted changes when built
 * @param djlVersion the DJL version of the build
 * @param pytorchVersion the PyTorch (libtorch) version of the build
 */
public record BuildInfo(String version, String commit, boolean dirty, String djlVersion, String pytorchVersion) {

  /** The value of a field the build could not fill in. */
  public static final String UNKNOWN = "unknown";

  private static final String RESOURCE = "/org/robustr1/core/build.properties";

  private static final class Holder {
    static final BuildInfo CURRENT = load();
  }

  /** Requires every field. */
  public BuildInfo {
    requireNonNull(version, "version");
    requireNonNull(commit, "commit");
    requireNonNull(djlVersion, "djlVersion");
    requireNonNull(pytorchVersion, "pytorchVersion");
  }

  /** The build of the library on the class path. */
  public static BuildInfo current() {
    return Holder.CURRENT;
  }

  /** The commit's first 12 characters, or {@value #UNKNOWN}. */
  public String shortCommit() {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  /** {@code 0.1.0-SNAPSHOT (commit 4828e7d216679, modified)}. */
  public String describe() {
    return version + " (commit " + shortCommit() + (dirty ? ", modified" : "") + ")";
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new BuildInfo(
        value(p, "version"), value(p, "commit"), Boolean.parseBoolean(value(p, "commit.dirty")), value(p, "djl"),
        value(p, "pytorch"));
  }

  /** A property, or {@value #UNKNOWN} when absent or left unfiltered ({@code ${...}}). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() || v.startsWith("${") ? UNKNOWN : v.trim();
  }
}
