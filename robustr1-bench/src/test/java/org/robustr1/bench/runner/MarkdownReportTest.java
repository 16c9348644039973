package org.robustr1.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

  private static BenchResult row(String name, ImmutableMap<String, String> params, double score, double err, String unit) {
    return new BenchResult("org.robustr1.bench." + name, "avgt", params, score, err, unit);
  }

  @Test
  void scoresKeepThreeSignificantDigitsAndTheErrorAtTheSamePrecision() {
    assertThat(MarkdownReport.scoreText(12.3456, 0.4321)).isEqualTo("12.3 ± 0.4");
    assertThat(MarkdownReport.scoreText(1234.5, 56.7)).isEqualTo("1235 ± 57");
    assertThat(MarkdownReport.scoreText(0.012345, Double.NaN)).isEqualTo("0.0123");
    assertThat(MarkdownReport.scoreText(1.5, 0.25)).isEqualTo("1.50 ± 0.25");
  }

  @Test
  void tablesArePerPackageWithReferences() {
    List<BenchResult> rows =
        List.of(
            row("reward.RewardBenchmark.parseAndScore", ImmutableMap.of(), 9.87, 0.12, "us/op"),
            row("degrade.OfficialOpBenchmark.sampleAndApply",
                ImmutableMap.of("op", "mean_shift", "size", "512", "intensity", "0.45"), 700, 10, "ms/op"),
            row("imagenetc.ImageNetCBenchmark.corrupt",
                ImmutableMap.of("size", "224", "corruption", "zoom_blur"), 20, 1, "ms/op"));
    MachineInfo m = new MachineInfo(2, "AMD EPYC", "24.0 GiB", "OpenJDK 17", "Linux", "0.1 / 0.1 / 0.1", "2026-12-01");
    String md = new MarkdownReport(ReferenceFigures.defaults()).render(rows, m, "quick", "bin/robustr1-bench --quick");
    assertThat(md)
        .contains("### degrade", "### imagenetc", "### reward", "processors (`nproc`): 2")
        .contains("| RewardBenchmark.parseAndScore |  | 9.87 ± 0.12 | us/op | target ≤ 20 µs")
        .contains("| OfficialOpBenchmark.sampleAndApply | op=mean_shift, size=512, intensity=0.45 | 700 ± 10 | ms/op"
            + " | Python 1790.5 ms (512², intensity 0.45")
        .contains("Python 62.3 ms (1 thread: 64.4");
  }

  @Test
  void decodePerTokenIsDerivedFromGenerateRows() {
    List<BenchResult> rows =
        List.of(
            row("model.QwenModelBenchmark.generate", ImmutableMap.of("shape", "tiny", "tokens", "1", "cache", "true"), 30, 1, "ms/op"),
            row("model.QwenModelBenchmark.generate", ImmutableMap.of("shape", "tiny", "tokens", "32", "cache", "true"), 92, 1, "ms/op"));
    assertThat(MarkdownReport.derived(rows))
        .isEqualTo("- decode per token, shape=tiny, cache=true: 2.00 ms/token = (generate(32) − generate(1)) / 31\n");
  }

  @Test
  void missingMarkersNameTheDocument(@TempDir Path dir) throws IOException {
    Path doc = dir.resolve("doc.md");
    Files.writeString(doc, "# no markers\n");
    assertThatThrownBy(() -> BenchRunner.updateDocument(doc, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(doc.toString())
        .hasMessageContaining(MarkdownReport.BEGIN);
  }

  @Test
  void readJsonRejectsNonJmhFilesNamingTheEntry(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.json");
    Files.writeString(f, "[{\"benchmark\":\"a.b\",\"primaryMetric\":{\"score\":1.0}},{\"x\":1}]");
    assertThatThrownBy(() -> BenchResult.readJson(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("entry 1");
  }
}
