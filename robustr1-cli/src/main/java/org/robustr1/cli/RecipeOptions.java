package org.robustr1.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.robustr1.core.io.Utf8Text;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --config recipe.yaml} (a picocli mixin of {@code sft}, {@code grpo}, {@code eval} and
 * {@code build-dataset}): a YAML or JSON object of option names without the dashes ({@code lr},
 * {@code batch-size}; {@code batch_size} works too) to values, read as the options' defaults, so
 * every option given on the command line overrides it. A run writes its resolved options back as
 * {@value RunRecords#RESOLVED_CONFIG} ({@link RunRecords}), which {@code --config} reads again.
 *
 * <pre>
 * # recipe.yaml for robustr1 sft
 * model: models/Qwen2.5-VL-3B-Instruct
 * data: data/train.jsonl
 * images: data
 * lr: 1.0e-5
 * schedule: cosine
 * batch-size: 1
 * grad-accum: 2
 * </pre>
 */
final class RecipeOptions {

  /** The option's name. */
  static final String OPTION = "--config";

  @Option(names = OPTION, paramLabel = "FILE", description = {
      "recipe: a YAML or JSON file of option names (without --) to values, e.g. 'lr: 1e-5';",
      "options on the command line override it; every run writes resolved_config.yaml back"})
  Path config;

  /**
   * The default-value provider of the whole command line: a command's option takes its value from
   * the command's {@code --config} file when the command line does not give it.
   */
  static final class Defaults implements IDefaultValueProvider {

    private final Map<Path, Map<String, Object>> recipes = new ConcurrentHashMap<>();

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option) || option.longestName().equals(OPTION)) {
        return null;
      }
      CommandSpec cmd = arg.command();
      OptionSpec cfg = cmd.findOption(OPTION);
      Object file = cfg == null ? null : cfg.getValue();
      if (!(file instanceof Path path)) {
        return null;
      }
      Map<String, Object> recipe = recipes.computeIfAbsent(path.toAbsolutePath().normalize(), p -> read(cmd, path));
      Object v = recipe.get(key(option));
      return v == null ? null : text(cmd, path, option, v);
    }
  }

  /** The recipe key of an option: its longest name without the dashes. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** Whether an option belongs in a recipe (not help, version, --config or the logging switches). */
  static boolean isRecipeOption(OptionSpec o) {
    return !o.usageHelp() && !o.versionHelp() && !o.longestName().equals(OPTION)
        && !o.longestName().equals("--verbose") && !o.longestName().equals("--debug");
  }

  /** Reads a recipe, checking every key against {@code cmd}'s options. */
  private static Map<String, Object> read(CommandSpec cmd, Path file) {
    String text;
    try {
      text = Utf8Text.stripBom(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw fail(cmd, file, CliErrors.message(e));
    }
    ObjectMapper mapper = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
        ? new ObjectMapper() : new YAMLMapper();
    Object root;
    try {
      root = text.isBlank() ? Map.of() : mapper.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw fail(cmd, file, "not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON") + ": " + CliErrors.message(e));
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw fail(cmd, file, "a recipe must be a mapping of option names to values, e.g. 'lr: 1e-5'");
    }
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : cmd.options()) {
      if (isRecipeOption(o)) {
        known.add(key(o));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String k = String.valueOf(e.getKey()).replaceFirst("^-+", "").replace('_', '-');
      if (!known.contains(k)) {
        throw fail(cmd, file, "unknown option '" + e.getKey() + "' for " + cmd.qualifiedName()
            + "; it takes " + String.join(", ", known));
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  /** The option's value as command-line text. */
  private static String text(CommandSpec cmd, Path file, OptionSpec option, Object v) {
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(k + "=" + x));
      return joined(cmd, file, option, parts);
    }
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      c.forEach(x -> parts.add(String.valueOf(x)));
      return joined(cmd, file, option, parts);
    }
    return String.valueOf(v);
  }

  private static String joined(CommandSpec cmd, Path file, OptionSpec option, List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    if (!option.isMultiValue() || option.splitRegex().isEmpty()) {
      throw fail(cmd, file, "'" + key(option) + "' takes one value, got " + parts.size());
    }
    return String.join(",", parts);
  }

  private static ParameterException fail(CommandSpec cmd, Path file, String why) {
    return new ParameterException(cmd.commandLine(), OPTION + " " + file + ": " + why);
  }
}
