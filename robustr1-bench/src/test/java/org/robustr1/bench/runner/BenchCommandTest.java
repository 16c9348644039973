package org.robustr1.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code robustr1-bench} without running a benchmark (the run itself is {@link BenchRunnerSmokeTest}). */
class BenchCommandTest {

  private static final class Run {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int rc;

    Run(String... args) {
      CommandLine cl = new CommandLine(new BenchCommand());
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      rc = cl.execute(args);
    }
  }

  @Test
  void listsTheBenchmarksOfTheBenchModule() {
    Run r = new Run("--list", "--include", "reward\\.RewardBenchmark");
    assertThat(r.rc).isZero();
    assertThat(r.out.toString())
        .contains("org.robustr1.bench.reward.RewardBenchmark.parseAndScore")
        .doesNotContain("ChainBenchmark");
  }

  @Test
  void anIncludeMatchingNothingIsAnErrorNotARun(@TempDir Path dir) {
    Run r = new Run("--quick", "--include", "NoSuchBenchmark", "--out", dir.toString());
    assertThat(r.rc).isEqualTo(2);
    assertThat(r.err.toString()).contains("no benchmark matches include [NoSuchBenchmark]");
  }

  @Test
  void quickAndFullAreExclusive() {
    Run r = new Run("--quick", "--full", "--list");
    assertThat(r.rc).isNotZero();
    assertThat(r.err.toString()).contains("mutually exclusive");
  }

  @Test
  void summarisesAJmhJsonFileIntoMarkdownAndTheDocument(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("jmh.json");
    Files.writeString(
        json,
        "[{\"benchmark\":\"org.robustr1.bench.chain.ChainBenchmark.parseAndScore\",\"mode\":\"avgt\","
            + "\"params\":{\"tokens\":\"512\"},"
            + "\"primaryMetric\":{\"score\":8.25,\"scoreError\":0.5,\"scoreUnit\":\"us/op\"}}]");
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Benchmarks\n" + MarkdownReport.BEGIN + "\n" + MarkdownReport.END + "\n");
    Run r = new Run("--from-json", json.toString(), "--out", dir.resolve("out").toString(),
        "--update-doc", doc.toString());
    assertThat(r.rc).as(r.err.toString()).isZero();
    String row = "| ChainBenchmark.parseAndScore | tokens=512 | 8.25 ± 0.50 | us/op | target ≤ 20 µs";
    assertThat(Files.readString(dir.resolve("out/results.md"))).contains(row);
    assertThat(Files.readString(doc)).contains(row).startsWith("# Benchmarks\n" + MarkdownReport.BEGIN);
  }
}
