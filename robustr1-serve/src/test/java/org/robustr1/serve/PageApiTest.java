package org.robustr1.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.openai.ChatMessages;

/** The page's API: static files, examples, server-side degradations with their records, chain parsing. */
class PageApiTest {

  static RobustR1Server server;
  static Http http;

  @BeforeAll
  static void start() throws IOException {
    server = RobustR1Server.builder().setModel(new ScriptedGenerator("robust", "x", Duration.ZERO, 1))
        .optBaseline(new ScriptedGenerator("base", "y", Duration.ZERO, 1)).optPort(0).optPageMaxPixels(20_000).build();
    server.start();
    http = new Http(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RgbImage decode(String dataUrl) throws IOException {
    return ImageDecoder.pil().decode(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)), "test");
  }

  static String example() throws Exception {
    Http.Response png = http.get("/api/examples/house.png");
    assertThat(png.status()).isEqualTo(200);
    return ChatMessages.dataUrl("image/png", http.getBytes("/api/examples/house.png"));
  }

  @Test
  void servesThePageAndItsInfo() throws Exception {
    Http.Response page = http.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<script src=\"app.js\">");
    assertThat(http.get("/app.js").body()).contains("/v1/chat/completions");
    assertThat(http.get("/app.css").status()).isEqualTo(200);
    assertThat(http.get("/nothing.html").status()).isEqualTo(404);
    JsonNode info = http.get("/api/info").json();
    assertThat(info.get("model").asText()).isEqualTo("robust");
    assertThat(info.get("baseline").asText()).isEqualTo("base");
    assertThat(info.get("ops")).hasSize(16);
    assertThat(info.at("/instructions/app").asText()).startsWith("First output the the types");
    assertThat(info.get("examples").size()).isEqualTo(3);
    assertThat(info.at("/examples/1/question").asText()).startsWith("What is the color of the").contains("\n0. ");
  }

  @Test
  void degradesWithOneOpOrTheSeededCompositeDrawAndReturnsTheRecord() throws Exception {
    String house = example();
    JsonNode none = http.post("/api/degrade", Map.of("image", house, "mode", "none")).json();
    assertThat(none.get("record")).isEmpty();
    // 320 x 240 is bounded to 20,000 pixels: 163 x 122
    RgbImage original = decode(none.get("original").asText());
    assertThat(original.width() * original.height()).isLessThanOrEqualTo(20_000);
    assertThat(none.get("degraded").asText()).isEqualTo(none.get("original").asText());

    JsonNode op = http.post("/api/degrade", Map.of("image", house, "mode", "op", "op", "motion_blur",
        "intensity", 0.7, "seed", 3)).json();
    assertThat(op.get("record")).hasSize(1);
    assertThat(op.at("/record/0/op").asText()).isEqualTo("motion_blur");
    assertThat(op.at("/record/0/intensity").asDouble()).isEqualTo(0.7);
    assertThat(op.get("degraded").asText()).isNotEqualTo(op.get("original").asText());
    JsonNode again = http.post("/api/degrade", Map.of("image", house, "mode", "op", "op", "motion blur",
        "intensity", 0.7, "seed", 3)).json();
    assertThat(again.get("degraded").asText()).isEqualTo(op.get("degraded").asText());

    JsonNode comp = http.post("/api/degrade", Map.of("image", house, "mode", "composite", "seed", 9)).json();
    assertThat(comp.get("record")).hasSize(4);
    assertThat(comp.get("total_intensity").asDouble()).isGreaterThan(0);
    assertThat(comp.get("target_length").asDouble()).isGreaterThan(128);

    Http.Response bad = http.post("/api/degrade", Map.of("image", house, "mode", "op", "op", "snow"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/message").asText()).contains("'snow' is not one of the 16 official ops");
    assertThat(http.post("/api/degrade", Map.of("image", house, "mode", "op", "op", "lens_blur", "intensity", 2))
        .json().at("/error/param").asText()).isEqualTo("intensity");
  }

  @Test
  void parsesTheChainMarkingTypesAgainstTheAppliedRecord() throws Exception {
    String text = "<TYPE>motion blur(0.60), gaussian noise(0.30), wobble(0.2)<TYPE_END>\n"
        + "<INFLUENCE>Edges are smeared.<INFLUENCE_END>\n<REASONING>The roof is still visible.<REASONING_END>\n"
        + "<CONCLUSION>It is a house.<CONCLUSION_END>\n<ANSWER>1<ANSWER_END>";
    List<Map<String, Object>> record = List.of(
        Map.of("op", "motion_blur", "intensity", 0.7, "params", Map.of()),
        Map.of("op", "jpeg_compression", "intensity", 0.4, "params", Map.of()));
    JsonNode v = http.post("/api/parse", Map.of("text", text, "record", record, "completion_tokens", 60)).json();
    assertThat(v.at("/sections/INFLUENCE").asText()).isEqualTo("Edges are smeared.");
    assertThat(v.get("answer").asText()).isEqualTo("1");
    assertThat(v.at("/types/0/hit").asBoolean()).isTrue();
    assertThat(v.at("/types/0/applied_intensity").asDouble()).isEqualTo(0.7);
    assertThat(v.at("/types/1/hit").asBoolean()).isFalse();
    assertThat(v.at("/types/2/known").asBoolean()).isFalse();
    assertThat(v.at("/missed/0/name").asText()).isEqualTo("jpeg compression");
    assertThat(v.get("problems").toString()).contains("UNKNOWN_TYPE");
    assertThat(v.at("/length/tokens").asInt()).isEqualTo(60);
    assertThat(v.at("/length/total_intensity").asDouble()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
    // without a record: no marks, the target from the strengths the chain names
    JsonNode own = http.post("/api/parse", Map.of("text", "<TYPE>lens blur(0.50)<TYPE_END>")).json();
    assertThat(own.at("/types/0").has("hit")).isFalse();
    assertThat(own.at("/length/total_intensity").asDouble()).isEqualTo(0.5);
    assertThat(own.get("well_formed").asBoolean()).isFalse();
    assertThat(own.get("problems").toString()).contains("MISSING");
  }
}
