package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.testing.SharedData;

class DegradationCodecTest {

  private static AppliedDegradation read(String json) {
    return DegradationCodec.fromJson(Json.parse(json, "d.jsonl line 5"), "d.jsonl line 5", "");
  }

  @Test
  void roundTripsOpIntensityAndParams() {
    AppliedDegradation d =
        AppliedDegradation.of(
            DegradationType.BLOCK_EXCHANGE,
            0.45,
            Map.of("blockSize", 18, "swaps", List.of(List.of(1, 2, 3, 4)), "angle", 94.19624846198593));
    JsonNode j = DegradationCodec.toJson(d);
    assertThat(j.get("op").asText()).isEqualTo("block_exchange");
    assertThat(j.has("family")).isFalse();
    assertThat(DegradationCodec.fromJson(j, "x", "")).isEqualTo(d);
    AppliedDegradation c = AppliedDegradation.of(DegradationType.C_GAUSSIAN_NOISE, 0.2);
    JsonNode cj = DegradationCodec.toJson(c);
    assertThat(cj.get("family").asText()).isEqualTo("imagenet_c");
    assertThat(DegradationCodec.fromJson(cj, "x", "")).isEqualTo(c);
    DegradationRecord r = DegradationRecord.of(d, c);
    assertThat(DegradationCodec.recordFromJson(DegradationCodec.toJson(r), "x", "degradations"))
        .isEqualTo(r);
    assertThat(read("{\"op\": \"Motion Blur\", \"intensity\": 0.9}").type())
        .isEqualTo(DegradationType.MOTION_BLUR);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> read("{\"op\": \"motion_blur\", \"intensity\": 1.5}"))
        .isInstanceOf(JsonLinesException.class)
        .hasMessageContaining("d.jsonl line 5")
        .hasMessageContaining("intensity")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> read("{\"op\": \"motion_blur\", \"intensity\": NaN}"))
        .hasMessageContaining("intensity").hasMessageContaining("NaN");
    assertThatThrownBy(() -> read("{\"op\": \"motion_blur\", \"intensity\": -0.01}"))
        .hasMessageContaining("-0.01");
    assertThatThrownBy(() -> read("{\"op\": \"pixel_rain\", \"intensity\": 0.5}"))
        .hasMessageContaining("d.jsonl line 5").hasMessageContaining("op").hasMessageContaining("pixel_rain");
    assertThatThrownBy(() -> read("{\"intensity\": 0.5}"))
        .hasMessage("d.jsonl line 5: missing field op");
    assertThatThrownBy(() -> read("{\"op\": \"fog\", \"intensity\": \"high\"}"))
        .hasMessageContaining("intensity").hasMessageContaining("high");
    assertThatThrownBy(
            () -> DegradationCodec.recordFromJson(
                Json.parse("[{\"op\": \"fog\", \"intensity\": 0.1}, {\"op\": \"fog\"}]", "w"), "w", "degradations"))
        .hasMessage("w: missing field degradations[1].intensity");
    assertThatThrownBy(
            () -> SampleCodec.parse(
                "{\"question\": \"q\", \"answer\": \"1\", \"degradations\": [{\"op\": \"fog\", \"intensity\": 2}]}",
                "s.jsonl line 9"))
        .hasMessageContaining("s.jsonl line 9").hasMessageContaining("degradations[0].intensity");
    assertThatThrownBy(() -> SampleCodec.parse("{\"question\": \"q\"}", "s.jsonl line 2"))
        .hasMessage("s.jsonl line 2: missing field answer");
  }

  @Test
  void readsEveryGoldenFixtureCase() throws IOException {
    Assumptions.assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path root = SharedData.resolve("golden/degrade-robust-r1").orElse(null);
    Assumptions.assumeTrue(root != null, "golden/degrade-robust-r1 not found");
    List<Path> cases;
    try (Stream<Path> s = Files.walk(root, 2)) {
      cases =
          s.filter(p -> p.getFileName().toString().endsWith(".json"))
              .filter(p -> !p.getParent().equals(root) && !p.getParent().getFileName().toString().equals("reports"))
              .sorted()
              .toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    for (Path p : cases) {
      AppliedDegradation d = DegradationCodec.read(p);
      JsonNode raw = Json.parse(Files.readString(p), p.toString());
      assertThat(d.type().opName()).isEqualTo(raw.get("op").asText());
      assertThat(d.intensity().value()).isEqualTo(raw.get("intensity").doubleValue());
      // params survive a write/read cycle value for value
      assertThat(DegradationCodec.toJson(d).get("params")).as(p.toString()).isEqualTo(raw.get("params"));
      assertThat(DegradationCodec.fromJson(DegradationCodec.toJson(d), "x", "")).isEqualTo(d);
    }
  }

  @Test
  void chainsFromRecordsUseTheChainNames() {
    DegradationRecord r =
        DegradationRecord.of(AppliedDegradation.of(DegradationType.DARK_ILLUMINATION, 0.23));
    assertThat(ChainFormat.DEFAULT.renderTypes(ChainFormat.DEFAULT.typesOf(r)))
        .isEqualTo("dark illumination(0.23)");
  }
}
