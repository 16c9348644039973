package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.dataset.InfluenceRequest;
import org.robustr1.degrade.dataset.TemplateInfluenceAnnotator;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.embedded.EmbeddedTokenizer;
import org.robustr1.model.tokenizer.QwenTokenizer;

class CompactInfluenceAnnotatorTest {

  @TempDir Path tmp;

  private static InfluenceRequest request(List<TypedStrength> types) {
    return InfluenceRequest.of("q", types, "What color is the circle?", List.of("red", "blue", "green", "pink"), "red");
  }

  @Test
  void everyTypeAndBandIsWrittenInWordsTheEmbeddedTokenizerKnows() throws Exception {
    int unk = EmbeddedTokenizer.tokenId(EmbeddedTokenizer.UNK);
    CompactInfluenceAnnotator a = new CompactInfluenceAnnotator();
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      List<String> texts = new ArrayList<>();
      texts.add(a.influence(request(List.of())));
      for (DegradationType t : DegradationType.official()) {
        for (double s : new double[] {0.2, 0.5, 0.9}) {
          texts.add(a.influence(request(List.of(TypedStrength.of(t, s)))));
        }
      }
      for (String text : texts) {
        assertThat(tok.encode(text)).as(text).doesNotContain(unk);
      }
    }
  }

  @Test
  void oneSentencePerTypeScaledByStrengthAndShorterThanTheTemplate() throws Exception {
    List<TypedStrength> types = List.of(TypedStrength.of(DegradationType.MOTION_BLUR, 0.2),
        TypedStrength.of(DegradationType.GAUSSIAN_NOISE, 0.5), TypedStrength.of(DegradationType.DARK_ILLUMINATION, 0.9));
    String text = new CompactInfluenceAnnotator().influence(request(types));
    assertThat(text).isEqualTo("Slight motion blur makes it smeared, details still clear. "
        + "Moderate gaussian noise makes it grainy, some details unclear. "
        + "Severe dark illumination darkens it, many details unclear.");
    assertThat(new CompactInfluenceAnnotator().influence(request(List.of()))).isEqualTo(CompactInfluenceAnnotator.CLEAN);
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      String template = new TemplateInfluenceAnnotator().influence(request(types));
      assertThat(tok.encode(text).length).isLessThan(tok.encode(template).length * 2 / 3);
    }
  }
}
