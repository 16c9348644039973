package org.robustr1.bench.runner;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/robustr1-bench} ({@code java -cp robustr1-bench/target/benchmarks.jar
 * org.robustr1.bench.runner.BenchCommand}): runs the JMH benchmarks (all, or those matching {@code --include}) with a
 * short profile in forked JVMs and writes {@code results.json} (JMH's format) and {@code
 * results.md} (machine, tables with reference figures) to {@code --out}; {@code --update-doc}
 * splices the Markdown into a document such as {@code docs/benchmarks.md}.
 */
@Command(
    name = "robustr1-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the JMH benchmarks; write results.json and results.md.",
      "results.json is JMH's JSON; results.md tables each score beside its reference figure.",
      "Default profile: 1 fork, 2 x 1 s warm-up, 3 x 1 s measured.",
      "Example: bin/robustr1-bench --quick --include 'chain\\.|reward\\.' --out bench-results"
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Runs the command and exits with its code: 0, 1 when {@code --list} matches nothing, 2 on bad input. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  static final class ProfileChoice {
    @Option(names = "--quick", description = "1 fork, 1 x 500 ms warm-up, 2 x 500 ms measured")
    boolean quick;

    @Option(names = "--full", description = "each benchmark's own @Fork/@Warmup/@Measurement annotations")
    boolean full;
  }

  @ArgGroup(exclusive = true)
  ProfileChoice profileChoice;

  @Option(
      names = "--include",
      paramLabel = "REGEX",
      description = "run benchmarks whose full name contains a match (repeatable; default all)")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "REGEX", description = "skip benchmarks whose full name contains a match (repeatable)")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=V1,V2",
      description = "override a @Param's values, e.g. -p tokens=512,4096 (repeatable)")
  Map<String, String> params = new java.util.LinkedHashMap<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--update-doc",
      paramLabel = "FILE",
      description = "replace the generated block of FILE (e.g. docs/benchmarks.md) with the summary")
  Path document;

  @Option(
      names = "--from-json",
      paramLabel = "FILE",
      description = "do not run: summarise an existing JMH JSON result file (java -jar benchmarks.jar -rf json)")
  Path fromJson;

  @Option(names = "--list", description = "list the matching benchmarks and exit")
  boolean list;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (list) {
        List<String> names = BenchRunner.list(includes, excludes);
        names.forEach(o::println);
        o.flush();
        return names.isEmpty() ? 1 : 0;
      }
      String command = "bin/robustr1-bench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      if (fromJson != null) {
        return summariseJson(o, command);
      }
      BenchRunner.Builder b =
          BenchRunner.builder().setOutputDirectory(out).optProfile(profile()).optCommand(command.strip());
      includes.forEach(b::optInclude);
      excludes.forEach(b::optExclude);
      params.forEach((k, v) -> b.optParam(k, v.split(",")));
      if (document != null) {
        b.optDocument(document);
      }
      BenchReport report = b.build().run();
      o.println();
      o.println(Files.readString(report.markdown()));
      o.println("wrote " + report.json() + " and " + report.markdown()
          + (report.document() == null ? "" : " and updated " + report.document()));
      o.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("robustr1-bench: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private int summariseJson(PrintWriter o, String command) throws java.io.IOException {
    List<BenchResult> results = BenchResult.readJson(fromJson);
    String md =
        new MarkdownReport(ReferenceFigures.defaults())
            .render(results, MachineInfo.current(), "as recorded in " + fromJson + " (machine below: where it was summarised)", command.strip());
    Files.createDirectories(out);
    Path mdFile = out.resolve(BenchRunner.MARKDOWN_FILE);
    Files.writeString(mdFile, md);
    if (document != null) {
      BenchRunner.updateDocument(document, md);
    }
    o.println(md);
    o.println("wrote " + mdFile + (document == null ? "" : " and updated " + document));
    o.flush();
    return 0;
  }

  private BenchProfile profile() {
    if (profileChoice != null && profileChoice.quick) {
      return BenchProfile.QUICK;
    }
    if (profileChoice != null && profileChoice.full) {
      return BenchProfile.FULL;
    }
    return BenchProfile.SHORT;
  }
}
