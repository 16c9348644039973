package org.robustr1.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The only benchmark run of the test suite: one short in-process iteration of one fast benchmark
 * through {@link BenchRunner}, checking that results, JSON, Markdown and the document block are
 * produced. No timing is asserted.
 */
class BenchRunnerSmokeTest {

  private static final BenchProfile SMOKE = new BenchProfile("smoke", 0, 0, 100, 1, 100);

  @Test
  void runsOneBenchmarkAndWritesJsonMarkdownAndDocument(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Title\n\nintro\n\n" + MarkdownReport.BEGIN + "\nold\n" + MarkdownReport.END + "\n\ntail\n");

    BenchReport report =
        BenchRunner.builder()
            .optInclude("chain\\.ChainBenchmark\\.countTokens$")
            .optParam("tokens", "64")
            .optProfile(SMOKE)
            .optVerbosity(VerboseMode.SILENT)
            .optDocument(doc)
            .optCommand("smoke test")
            .setOutputDirectory(dir.resolve("out"))
            .build()
            .run();

    assertThat(report.results()).hasSize(1);
    BenchResult r = report.results().get(0);
    assertThat(r.benchmark()).isEqualTo("org.robustr1.bench.chain.ChainBenchmark.countTokens");
    assertThat(r.params()).containsEntry("tokens", "64");
    assertThat(r.mode()).isEqualTo("avgt");
    assertThat(r.unit()).isEqualTo("us/op");
    assertThat(r.score()).isFinite().isPositive();

    List<BenchResult> fromJson = BenchResult.readJson(report.json());
    assertThat(fromJson).hasSize(1);
    assertThat(fromJson.get(0).benchmark()).isEqualTo(r.benchmark());
    assertThat(fromJson.get(0).params()).isEqualTo(r.params());
    assertThat(fromJson.get(0).score()).isEqualTo(r.score());

    String md = Files.readString(report.markdown());
    assertThat(md).contains("### Machine", "| ChainBenchmark.countTokens | tokens=64 |", "smoke test");

    String updated = Files.readString(doc);
    assertThat(updated)
        .startsWith("# Title\n\nintro\n\n" + MarkdownReport.BEGIN)
        .contains("| ChainBenchmark.countTokens | tokens=64 |")
        .doesNotContain("\nold\n")
        .endsWith(MarkdownReport.END + "\n\ntail\n");
  }

  @Test
  void noMatchingBenchmarkIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(
            () -> BenchRunner.builder().optInclude("NoSuchBenchmark").setOutputDirectory(dir).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no benchmark matches include [NoSuchBenchmark]");
  }

  @Test
  void listFindsTheChainAndRewardBenchmarks() {
    assertThat(BenchRunner.list(List.of("org.robustr1.bench.(chain|reward|grpo)\\."), List.of()))
        .contains(
            "org.robustr1.bench.chain.ChainBenchmark.parseAndScore",
            "org.robustr1.bench.chain.LengthPolicyBenchmark.fittedTarget",
            "org.robustr1.bench.reward.RewardBenchmark.parseAndScore",
            "org.robustr1.bench.grpo.GrpoAdvantageBenchmark.scoreBatch");
  }
}
