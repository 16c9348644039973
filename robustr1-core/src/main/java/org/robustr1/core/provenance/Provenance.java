package org.robustr1.core.provenance;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.core.io.FileChecksums;

/**
 * What produced an output (Tribuo-style provenance), written as {@value #FILE_NAME} beside it: the
 * library build (version and commit), the command line, the resolved configuration, the seed, the
 * inputs with their checksums, the host, the Java, DJL and PyTorch versions, and the start and end
 * time. A run writes it when it starts ({@code finished} null) and again when it ends.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder("sft")
 *     .optCommandLine(args)
 *     .optConfig(resolvedOptions)
 *     .optSeed(42)
 *     .addInput("data", trainJsonl)
 *     .addInput("model", checkpointDir)
 *     .build();
 * p.write(outDir);
 * ...
 * p.finish().write(outDir);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Provenance {

  /** The file name beside an output. */
  public static final String FILE_NAME = "provenance.json";

  /** A folder with at most this many files has each one checksummed (a checkpoint); larger ones are counted. */
  public static final int MAX_FOLDER_FILES = 32;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String kind;
  private final ImmutableList<String> commandLine;
  private final ImmutableMap<String, Object> config;
  private final Long seed;
  private final ImmutableList<Input> inputs;
  private final BuildInfo build;
  private final ImmutableMap<String, String> versions;
  private final ImmutableMap<String, Object> host;
  private final Instant started;
  private final Instant finished;

  private Provenance(Builder b, Instant finished) {
    this.kind = b.kind;
    this.commandLine = ImmutableList.copyOf(b.commandLine);
    this.config = ImmutableMap.copyOf(b.config);
    this.seed = b.seed;
    this.inputs = ImmutableList.copyOf(b.inputs);
    this.build = b.build;
    this.versions = ImmutableMap.copyOf(b.versions);
    this.host = ImmutableMap.copyOf(host());
    this.started = b.started;
    this.finished = finished;
  }

  private Provenance(Provenance p, Instant finished) {
    this.kind = p.kind;
    this.commandLine = p.commandLine;
    this.config = p.config;
    this.seed = p.seed;
    this.inputs = p.inputs;
    this.build = p.build;
    this.versions = p.versions;
    this.host = p.host;
    this.started = p.started;
    this.finished = finished;
  }

  /** A builder for an output made by {@code kind} (the command or stage, e.g. {@code sft}). */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /** The command or stage that made the output. */
  public String kind() {
    return kind;
  }

  /** The inputs with their checksums. */
  public ImmutableList<Input> inputs() {
    return inputs;
  }

  /** The resolved configuration. */
  public ImmutableMap<String, Object> config() {
    return config;
  }

  /** When the run started. */
  public Instant started() {
    return started;
  }

  /** When the run ended; null while it runs. */
  public Instant finished() {
    return finished;
  }

  /** A copy that ended now. */
  public Provenance finish() {
    return finish(Instant.now());
  }

  /** A copy that ended at {@code at}. */
  public Provenance finish(Instant at) {
    requireNonNull(at, "at");
    return new Provenance(this, at);
  }

  /** The JSON object written to {@value #FILE_NAME}, as ordered plain values. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    Map<String, Object> lib = new LinkedHashMap<>();
    lib.put("name", "robustr1-java");
    lib.put("version", build.version());
    lib.put("commit", build.commit());
    lib.put("modified", build.dirty());
    m.put("library", lib);
    m.put("command_line", commandLine);
    m.put("config", config);
    m.put("seed", seed);
    List<Map<String, Object>> in = new ArrayList<>();
    inputs.forEach(i -> in.add(i.toMap()));
    m.put("inputs", in);
    m.put("host", host);
    m.put("versions", versions);
    m.put("started", started.toString());
    m.put("finished", finished == null ? null : finished.toString());
    m.put("wall_seconds", finished == null ? null : Duration.between(started, finished).toMillis() / 1000.0);
    return m;
  }

  /** Writes {@value #FILE_NAME} into {@code dir} atomically (creating the folder), replacing an older one. */
  public void write(Path dir) throws IOException {
    requireNonNull(dir, "dir");
    AtomicFiles.write(dir.resolve(FILE_NAME), (JSON.writeValueAsString(toMap()) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> host() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("name", hostName());
    h.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    h.put("arch", System.getProperty("os.arch"));
    h.put("cpus", Runtime.getRuntime().availableProcessors());
    h.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    return h;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      Path etc = Path.of("/etc/hostname");
      if (Files.isReadable(etc)) {
        String s = Files.readString(etc, StandardCharsets.UTF_8).strip();
        if (!s.isEmpty()) {
          return s;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return BuildInfo.UNKNOWN;
    }
  }

  /** Plain JSON values: paths and enums as text, maps and collections copied. */
  static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    return v.toString();
  }

  /**
   * One input of the run.
   *
   * @param role what the input is to the run ({@code data}, {@code model}, {@code images}, ...)
   * @param path its absolute path (or URL)
   * @param checksums file name to {@link FileChecksums#sampledSha256 sampled SHA-256}: the file
   *     itself, or each file of a folder of at most {@value #MAX_FOLDER_FILES}; empty for a larger
   *     folder, a URL or a missing path
   * @param files the number of files (1 for a file; for a folder, its direct entries)
   */
  public record Input(String role, String path, ImmutableMap<String, String> checksums, int files) {

    /** Requires the fields. */
    public Input {
      requireNonNull(role, "role");
      requireNonNull(path, "path");
      requireNonNull(checksums, "checksums");
    }

    /** Describes {@code path}, checksumming a file or the files of a small folder. */
    public static Input of(String role, Path path) throws IOException {
      requireNonNull(path, "path");
      Path abs = path.toAbsolutePath().normalize();
      if (Files.isRegularFile(abs)) {
        return new Input(role, abs.toString(), ImmutableMap.of(abs.getFileName().toString(),
            FileChecksums.sampledSha256(abs)), 1);
      }
      if (!Files.isDirectory(abs)) {
        return new Input(role, abs.toString(), ImmutableMap.of(), 0);
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(abs)) {
        files = s.sorted().toList();
      }
      ImmutableMap.Builder<String, String> sums = ImmutableMap.builder();
      if (files.size() <= MAX_FOLDER_FILES) {
        for (Path f : files) {
          if (Files.isRegularFile(f)) {
            sums.put(f.getFileName().toString(), FileChecksums.sampledSha256(f));
          }
        }
      }
      return new Input(role, abs.toString(), sums.build(), files.size());
    }

    /** An input named by text (a URL, a served model), without checksum. */
    public static Input named(String role, String value) {
      return new Input(role, value, ImmutableMap.of(), 0);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("role", role);
      m.put("path", path);
      m.put("files", files);
      m.put("sha256", checksums);
      return m;
    }
  }

  /** Builds a {@link Provenance}; {@code started} defaults to the time the builder was made. */
  public static final class Builder {
    private final String kind;
    private final List<String> commandLine = new ArrayList<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private Long seed;
    private final List<Input> inputs = new ArrayList<>();
    private BuildInfo build = BuildInfo.current();
    private final Map<String, String> versions = new LinkedHashMap<>();
    private Instant started = Instant.now();

    private Builder(String kind) {
      requireNonNull(kind, "kind");
      checkArgument(!kind.isBlank(), "a provenance needs a kind");
      this.kind = kind;
      versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
      versions.put("djl", build.djlVersion());
      versions.put("pytorch", build.pytorchVersion());
    }

    /** The program and its arguments as typed. */
    public Builder optCommandLine(List<String> args) {
      commandLine.clear();
      commandLine.addAll(args);
      return this;
    }

    /** The resolved configuration (paths and enums are recorded as text; unset, null, values are left out). */
    public Builder optConfig(Map<String, ?> cfg) {
      config.clear();
      cfg.forEach((k, v) -> {
        if (v != null) {
          config.put(k, plain(v));
        }
      });
      return this;
    }

    /** The run's seed. */
    public Builder optSeed(long s) {
      this.seed = s;
      return this;
    }

    /** Adds an input, checksumming it ({@link Input#of}). */
    public Builder addInput(String role, Path path) throws IOException {
      inputs.add(Input.of(role, path));
      return this;
    }

    /** Adds an input described by text (a URL or served model name). */
    public Builder addInput(String role, String value) {
      inputs.add(Input.named(role, requireNonNull(value, "value")));
      return this;
    }

    /** Sets a component version (e.g. the PyTorch version actually loaded); java, djl and pytorch are preset. */
    public Builder optVersion(String component, String version) {
      versions.put(requireNonNull(component, "component"), requireNonNull(version, "version"));
      return this;
    }

    /** The library build (default {@link BuildInfo#current()}). */
    public Builder optBuild(BuildInfo b) {
      this.build = requireNonNull(b, "build");
      versions.put("djl", b.djlVersion());
      versions.put("pytorch", b.pytorchVersion());
      return this;
    }

    /** When the run started (default: when this builder was made). */
    public Builder optStarted(Instant at) {
      this.started = requireNonNull(at, "at");
      return this;
    }

    /** The provenance of a run that has not ended. */
    public Provenance build() {
      return new Provenance(this, null);
    }
  }
}
