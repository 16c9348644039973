package org.robustr1.degrade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Stage;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.TestImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.ops.OfficialOps;

class DegradationPipelineTest {

  @Test
  void officialSamplingFollowsTheConfigWeights() {
    SplittableRandom rng = new SplittableRandom(5);
    Map<DegradationType, Integer> counts = new EnumMap<>(DegradationType.class);
    int n = 400_000;
    for (int k = 0; k < n; k++) {
      counts.merge(DegradationPipeline.chooseByWeight(DegradationType.official(), rng), 1, Integer::sum);
    }
    assertThat(counts).hasSize(16);
    for (DegradationType t : DegradationType.official()) {
      double p = t.weight() / 400.0;
      double sd = Math.sqrt(p * (1 - p) / n);
      assertThat(counts.get(t) / (double) n).as(t.name()).isCloseTo(p, org.assertj.core.data.Offset.offset(5 * sd));
    }
  }

  @Test
  void compositeHasOneOpPerStageInStageOrder() {
    DegradationPipeline p =
        DegradationPipeline.builder().optMode(DegradationPipeline.Mode.COMPOSITE).optSeed(3).build();
    for (int k = 0; k < 50; k++) {
      List<Step> steps = p.plan(64, 48, "image-" + k);
      assertThat(steps).hasSize(4);
      for (int s = 0; s < 4; s++) {
        assertThat(steps.get(s).type().stage()).contains(Stage.values()[s]);
        double i = steps.get(s).intensity().value();
        assertThat(i).isBetween(0.1, 0.9);
        assertThat(Math.round(i * 100) / 100.0).isEqualTo(i);
      }
    }
  }

  @Test
  void planDependsOnSeedAndIdOnly() {
    DegradationPipeline a = DegradationPipeline.builder().optSeed(11).build();
    DegradationPipeline b = DegradationPipeline.builder().optSeed(11).build();
    DegradationPipeline c = DegradationPipeline.builder().optSeed(12).build();
    int differ = 0;
    for (int k = 0; k < 20; k++) {
      String id = "photo_" + k + ".jpg";
      assertThat(a.plan(100, 80, id)).isEqualTo(b.plan(100, 80, id));
      if (!a.plan(100, 80, id).equals(c.plan(100, 80, id))) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(15);
  }

  @Test
  void stagesDrawsOneToFourStagesInStageOrder() {
    DegradationPipeline p =
        DegradationPipeline.builder().optMode(DegradationPipeline.Mode.STAGES).optSeed(3).build();
    int[] counts = new int[5];
    int[] perStage = new int[4];
    for (int k = 0; k < 400; k++) {
      List<Step> steps = p.plan(64, 48, "image-" + k);
      assertThat(steps).isEqualTo(p.plan(64, 48, "image-" + k));
      counts[steps.size()]++;
      int last = -1;
      for (Step st : steps) {
        int stage = st.type().stage().orElseThrow().ordinal();
        assertThat(stage).as("stage order").isGreaterThan(last);
        last = stage;
        perStage[stage]++;
        assertThat(st.intensity().value()).isBetween(0.1, 0.9);
      }
    }
    assertThat(counts[0]).isZero();
    for (int n = 1; n <= 4; n++) {
      assertThat(counts[n]).as("images with %s ops", n).isBetween(70, 130);
    }
    // each stage is chosen in (1 + 2 + 3 + 4) / 16 = 62.5 % of the images
    for (int s = 0; s < 4; s++) {
      assertThat(perStage[s]).as("stage %s", s).isBetween(215, 285);
    }
  }

  @Test
  void degradeReturnsImageAndReplayableRecord() {
    DegradationPipeline p =
        DegradationPipeline.builder().optMode(DegradationPipeline.Mode.COMPOSITE).optSeed(1).build();
    Mat src = TestImages.procedural(80, 60, 4);
    RgbImage rgb = ImageIo.toRgb(src);
    DegradedImage d = p.degrade(rgb, "demo");
    DegradationRecord rec = d.record();
    assertThat(rec.steps()).hasSize(4);
    // replaying the recorded parameter maps gives the same pixels
    Mat cur = src.clone();
    for (AppliedDegradation s : rec.steps()) {
      Mat next = OfficialOps.of(s.type()).applyMap(cur, s.params());
      cur.release();
      cur = next;
    }
    assertThat(ImageIo.toRgb(cur).pixels()).isEqualTo(d.image().pixels());
    assertThat(d.image().pixels()).isNotEqualTo(rgb.pixels());
  }

  @Test
  void fixedIntensityIsUsedForEveryStep() {
    DegradationPipeline p = DegradationPipeline.builder().optIntensity(0.45).build();
    Step s = p.plan(50, 50, "x").get(0);
    assertThat(s.intensity().value()).isEqualTo(0.45);
  }
}
