package org.robustr1.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.io.FileChecksums;

class ProvenanceTest {

  @TempDir Path dir;

  @Test
  void buildInfoComesFromTheBuild() {
    BuildInfo b = BuildInfo.current();
    assertThat(b.version()).isNotEqualTo(BuildInfo.UNKNOWN).doesNotContain("${");
    assertThat(b.djlVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(b.pytorchVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(b.commit()).matches("[0-9a-f]{40}|" + BuildInfo.UNKNOWN);
    assertThat(b.describe()).startsWith(b.version() + " (commit ");
  }

  @Test
  void writesEveryFieldWithInputChecksums() throws Exception {
    Path data = Files.writeString(dir.resolve("train.jsonl"), "{}\n");
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("config.json"), "{}");
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("lr", 1e-5);
    cfg.put("out", dir.resolve("out"));
    cfg.put("mode", Thread.State.NEW);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Provenance p = Provenance.builder("sft")
        .optCommandLine(List.of("robustr1", "sft", "--lr", "1e-5"))
        .optConfig(cfg)
        .optSeed(42)
        .addInput("data", data)
        .addInput("model", model)
        .addInput("endpoint", "http://127.0.0.1:8000/v1")
        .optStarted(t0)
        .build();
    Path out = dir.resolve("out");
    p.write(out);
    JsonNode j = new ObjectMapper().readTree(out.resolve(Provenance.FILE_NAME).toFile());
    assertThat(j.get("kind").asText()).isEqualTo("sft");
    assertThat(j.get("finished").isNull()).isTrue();
    assertThat(j.at("/library/version").asText()).isEqualTo(BuildInfo.current().version());
    assertThat(j.at("/command_line/2").asText()).isEqualTo("--lr");
    assertThat(j.at("/config/lr").asDouble()).isEqualTo(1e-5);
    assertThat(j.at("/config/out").asText()).isEqualTo(dir.resolve("out").toString());
    assertThat(j.at("/config/mode").asText()).isEqualTo("NEW");
    assertThat(j.get("seed").asLong()).isEqualTo(42);
    assertThat(j.at("/inputs/0/sha256/train.jsonl").asText()).isEqualTo(FileChecksums.sha256(data));
    assertThat(j.at("/inputs/1/sha256/config.json").asText()).isEqualTo(FileChecksums.sha256(model.resolve("config.json")));
    assertThat(j.at("/inputs/2/path").asText()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(j.at("/versions/java").asText()).startsWith(System.getProperty("java.version"));
    assertThat(j.at("/host/cpus").asInt()).isPositive();
    p.finish(t0.plusSeconds(90)).write(out);
    JsonNode done = new ObjectMapper().readTree(out.resolve(Provenance.FILE_NAME).toFile());
    assertThat(done.get("finished").asText()).isEqualTo("2026-01-01T00:01:30Z");
    assertThat(done.get("wall_seconds").asDouble()).isEqualTo(90.0);
  }
}
