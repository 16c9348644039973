package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.degradation.DegradationType;

class TowerProbeTest {

  @TempDir Path tmp;

  @Test
  void aFeatureThatShowsOneTypeAndNoiseForTheOtherGiveF1OneAndAboutNothing() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 300;
    double[][] x = new double[n][3];
    boolean[][] y = new boolean[n][2];
    for (int i = 0; i < n; i++) {
      y[i][0] = r.nextBoolean();
      y[i][1] = r.nextInt(4) == 0;
      x[i][0] = (y[i][0] ? 1 : -1) + 0.1 * r.nextGaussian();
      x[i][1] = r.nextGaussian();
      x[i][2] = r.nextGaussian();
    }
    TowerProbe.Result res = TowerProbe.fit("test", x, y, List.of(DegradationType.fromName("motion_blur"),
        DegradationType.fromName("gaussian_noise")), 200).get(0);
    assertThat(res.f1().get("motion_blur")).isEqualTo(1.0);
    assertThat(res.f1().get("gaussian_noise")).isLessThan(0.5);
    assertThat(res.test()).isEqualTo(100);
    assertThat(res.dimensions()).isEqualTo(3);
  }

  @Test
  void aFaintRareTypeIsNamedOnlyWithTunedThresholds() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 1000;
    double[][] x = new double[n][2];
    boolean[][] y = new boolean[n][1];
    for (int i = 0; i < n; i++) {
      y[i][0] = r.nextInt(6) == 0;
      x[i][0] = (y[i][0] ? 1.0 : 0.0) + r.nextGaussian();
      x[i][1] = r.nextGaussian();
    }
    List<DegradationType> types = List.of(DegradationType.fromName("lens_blur"));
    List<TowerProbe.Result> both = TowerProbe.fit("test", x, y, types, 800);
    TowerProbe.Result half = both.get(0);
    TowerProbe.Result tuned = both.get(1);
    assertThat(half.thresholds()).isEqualTo(TowerProbe.HALF);
    assertThat(tuned.thresholds()).isEqualTo(TowerProbe.TUNED);
    assertThat(half.macroF1()).isLessThan(0.15);
    assertThat(tuned.macroF1()).as("tuned %s, half %s", tuned.macroF1(), half.macroF1()).isGreaterThan(half.macroF1() + 0.2);
  }

  @Test
  void labelsComeFromTheManifestPerImageFileAndAMissingManifestIsNamed() throws Exception {
    Path m = tmp.resolve("degradations.jsonl");
    Files.writeString(m, String.join("\n",
        "{\"op\":\"motion_blur\",\"intensity\":0.4,\"outputFile\":\"images/a.jpg\"}",
        "{\"op\":\"jpeg_compression\",\"intensity\":0.2,\"outputFile\":\"images/a.jpg\"}",
        "{\"op\":\"graffiti\",\"intensity\":0.7,\"outputFile\":\"images/b.jpg\"}", ""), StandardCharsets.UTF_8);
    Map<String, Set<DegradationType>> labels = TowerProbe.labels(m);
    assertThat(labels.get("a.jpg")).containsExactlyInAnyOrder(DegradationType.fromName("motion_blur"),
        DegradationType.fromName("jpeg_compression"));
    assertThat(labels.get("b.jpg")).containsExactly(DegradationType.fromName("graffiti"));
    assertThatThrownBy(() -> TowerProbe.labels(tmp.resolve("none.jsonl")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("none.jsonl")
        .hasMessageContaining("data/chain");
  }
}
