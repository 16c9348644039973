package org.robustr1.train.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.policy.ActivationMemory;
import org.robustr1.train.sft.SftConfig;

/** The estimate's parameter counts, its arithmetic, and the passes it chooses. */
class MemoryEstimateTest {

  @Test
  void countsTheParametersOfTheThreeBillionModel() {
    MemoryEstimate.Counts c = MemoryEstimate.Counts.of(Qwen25VlConfig.qwen25Vl3B());
    // Qwen/Qwen2.5-VL-3B-Instruct: 3.75 B parameters, tied embeddings, 151,936 × 2048 the largest
    assertThat(c.all()).isEqualTo(3_754_622_976L);
    assertThat(c.trainable()).isEqualTo(3_085_938_688L);
    assertThat(c.largestTrainable()).isEqualTo(151_936L * 2048);
  }

  @Test
  void thePeakIsTheRunLongPartsPlusTheLargestPhase() {
    GrpoConfig official = GrpoConfig.builder().build();
    MemoryEstimate e = MemoryEstimate.grpo(Qwen25VlConfig.qwen25Vl3B(), official, 512, MemoryEstimate.Precision.FP32);
    long base = 0;
    long phase = 0;
    for (MemoryEstimate.Part p : e.parts()) {
      if (p.phase()) {
        phase = Math.max(phase, p.bytes());
      } else {
        base += p.bytes();
      }
    }
    assertThat(e.peakBytes()).isEqualTo(base + phase);
    assertThat(e.table()).contains("reference weights").contains("AdamW moments").contains("expected peak");
    // float32 weights of policy and reference: 2 × 4 B per parameter
    assertThat(e.parts().get(1).bytes()).isEqualTo(3_754_622_976L * 4);
    MemoryEstimate bf16 = MemoryEstimate.grpo(Qwen25VlConfig.qwen25Vl3B(), official, 512, MemoryEstimate.Precision.BF16);
    assertThat(bf16.parts().get(1).bytes()).isEqualTo(3_754_622_976L * 2);
    // SFT has no reference copy; with checkpointing its one sample of 2048 tokens needs less than GRPO
    SftConfig checkpointed = SftConfig.defaults().withScoring(ScoringOptions.defaults().withGradientCheckpointing(true));
    MemoryEstimate sft = MemoryEstimate.sft(Qwen25VlConfig.qwen25Vl3B(), checkpointed, 512, MemoryEstimate.Precision.FP32);
    assertThat(sft.peakBytes()).isLessThan(e.peakBytes());
  }

  @Test
  void checkpointingAndSmallerPassesLowerTheActivations() {
    var text = Qwen25VlConfig.qwen25Vl3B().text();
    long plain = ActivationMemory.trainingBytes(text, 512, 2048, 1, ScoringOptions.defaults(), 4);
    long checkpointed = ActivationMemory.trainingBytes(text, 512, 2048, 1, ScoringOptions.defaults().withGradientCheckpointing(true), 4);
    assertThat(checkpointed).isLessThan(plain / 4);
    assertThat(ActivationMemory.trainingBytes(text, 512, 2048, 2, ScoringOptions.defaults(), 4)).isGreaterThan(plain);
  }

  @Test
  void automaticPassesTakeTheWholeBatchForShortCompletionsOnly() {
    GrpoConfig auto = GrpoConfig.builder().build();
    Qwen25VlConfig tiny = Qwen25VlConfig.tiny();
    assertThat(MemoryEstimate.microBatch(tiny, auto, 224, 64, MemoryEstimate.Precision.FP32)).isEqualTo(8);
    assertThat(MemoryEstimate.microBatch(tiny, auto, 224, 2048, MemoryEstimate.Precision.FP32)).isLessThan(8);
    GrpoConfig three = GrpoConfig.builder().optMicroBatchSize(3).build();
    assertThat(MemoryEstimate.microBatch(tiny, three, 224, 2048, MemoryEstimate.Precision.FP32)).isEqualTo(3);
  }
}
