package org.robustr1.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.core.openai.Redaction;
import org.robustr1.core.provenance.Provenance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a command writes beside its outputs: {@value #RESOLVED_CONFIG} (every option's final value,
 * after the recipe and the command line; {@code --config} reads it back) and {@code
 * provenance.json} ({@link Provenance}: build, command line, this configuration, seed, input
 * checksums, host, versions, start and end time). Both are written only once the run has claimed
 * its output folder, so a refused rerun leaves the earlier run's records alone.
 */
final class RunRecords {

  /** The resolved configuration's file name. */
  static final String RESOLVED_CONFIG = "resolved_config.yaml";

  private final Provenance started;

  private RunRecords(Provenance started) {
    this.started = started;
  }

  /**
   * Starts the records of {@code spec}'s run now, checksumming the inputs (role to file, folder or
   * URL; null values are left out).
   */
  static RunRecords start(CommandSpec spec, Long seed, Map<String, ?> inputs) throws IOException {
    Provenance.Builder b = Provenance.builder(spec.qualifiedName().replaceFirst("^robustr1 ", ""))
        .optCommandLine(commandLine(spec))
        .optConfig(resolved(spec));
    if (seed != null) {
      b.optSeed(seed);
    }
    for (Map.Entry<String, ?> e : inputs.entrySet()) {
      if (e.getValue() instanceof Path p) {
        b.addInput(e.getKey(), p);
      } else if (e.getValue() != null) {
        b.addInput(e.getKey(), Redaction.url(String.valueOf(e.getValue())));
      }
    }
    return new RunRecords(b.build());
  }

  /** Writes the configuration and the provenance of the running run into {@code dir}. */
  void write(Path dir) throws IOException {
    writeConfig(dir, started.config());
    started.write(dir);
  }

  /** Writes the configuration and the provenance of the finished run into each folder. */
  void finish(Path... dirs) throws IOException {
    Provenance done = started.finish();
    for (Path d : dirs) {
      if (d != null) {
        writeConfig(d, started.config());
        done.write(d);
      }
    }
  }

  /**
   * Every recipe option of {@code spec} with its value, by recipe key; unset (null) options are left
   * out and URLs lose their user-info (credentials).
   */
  static Map<String, Object> resolved(CommandSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      Object v = o.getValue();
      if (RecipeOptions.isRecipeOption(o) && v != null) {
        m.put(RecipeOptions.key(o), v instanceof String s && s.contains("://") ? Redaction.url(s) : v);
      }
    }
    return m;
  }

  private static List<String> commandLine(CommandSpec spec) {
    List<String> args = new ArrayList<>();
    args.add("robustr1");
    if (spec.commandLine().getParseResult() != null) {
      CommandSpec root = spec.root();
      if (root.commandLine().getParseResult() != null) {
        args.addAll(root.commandLine().getParseResult().originalArgs());
        return args;
      }
      args.addAll(spec.commandLine().getParseResult().originalArgs());
    }
    return args;
  }

  private static void writeConfig(Path dir, Map<String, Object> config) throws IOException {
    String yaml = "# " + RESOLVED_CONFIG + ": every option of this run; rerun with --config "
        + RESOLVED_CONFIG + "\n" + new YAMLMapper().writeValueAsString(config).replaceFirst("^---\\s*\\n", "");
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(RESOLVED_CONFIG), yaml.getBytes(StandardCharsets.UTF_8));
  }
}
