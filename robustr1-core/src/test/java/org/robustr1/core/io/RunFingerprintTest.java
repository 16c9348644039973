package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFingerprintTest {

  @TempDir Path dir;

  private static RunFingerprint fp(long seed, String name) {
    return RunFingerprint.builder().add("name", name).add("seed", seed).add("intensity", 0.45).build();
  }

  @Test
  void firstClaimWritesSameSettingsResumeOtherSettingsAreRefusedNamingEachField() throws Exception {
    Path f = dir.resolve("out/fingerprint.json");
    fp(5, "A").claim(f, "use a new folder");
    assertThat(RunFingerprint.read(f)).contains(fp(5, "A"));
    fp(5, "A").claim(f, "use a new folder");
    assertThatThrownBy(() -> fp(6, "U").claim(f, "use a new folder"))
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining("seed: was '5', now '6'")
        .hasMessageContaining("name: was 'A', now 'U'")
        .hasMessageContaining("use a new folder")
        .satisfies(e -> assertThat(((FingerprintMismatchException) e).differences())
            .extracting(RunFingerprint.Difference::field).containsExactly("name", "seed"));
    // the stored fingerprint is untouched by the refused run
    assertThat(RunFingerprint.read(f)).contains(fp(5, "A"));
  }

  @Test
  void fieldsOnOneSideOnlyDifferAndOrderIsKept() {
    RunFingerprint a = RunFingerprint.builder().add("b", 1).add("a", 2).build();
    RunFingerprint b = RunFingerprint.builder().add("b", 1).add("c", 3).build();
    assertThat(a.fields().keySet()).containsExactly("b", "a");
    assertThat(b.differencesFrom(a)).extracting(Object::toString)
        .containsExactly("c: was absent, now '3'", "a: was '2', now absent");
    assertThatThrownBy(() -> RunFingerprint.builder().add("x", 1).add("x", 2))
        .hasMessageContaining("'x' added twice");
  }

  @Test
  void aSettingsFileOfPlainJsonScalarsReadsAsAFingerprint() throws Exception {
    Path f = dir.resolve("dataset.json");
    Files.writeString(f, "{\"seed\": 5, \"cleanFraction\": 0.1, \"mode\": \"COMPOSITE\", \"x\": true}\n");
    RunFingerprint now = RunFingerprint.builder()
        .add("seed", 5L).add("cleanFraction", 0.1).add("mode", "COMPOSITE").add("x", true).build();
    assertThat(now.differencesFrom(RunFingerprint.read(f).orElseThrow())).isEmpty();
    Files.writeString(f, "{\"seed\": [5]}");
    assertThatThrownBy(() -> RunFingerprint.read(f)).hasMessageContaining("dataset.json").hasMessageContaining("'seed'");
    Files.writeString(f, "not json");
    assertThatThrownBy(() -> RunFingerprint.read(f)).hasMessageContaining("dataset.json");
  }

  @Test
  void checksumsChangeWithContentAndSampleLargeFiles() throws Exception {
    Path small = dir.resolve("s.bin");
    Files.writeString(small, "abc", StandardCharsets.UTF_8);
    assertThat(FileChecksums.sha256(small))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        .isEqualTo(FileChecksums.sampledSha256(small));
    Path big = dir.resolve("b.bin");
    byte[] data = new byte[(int) FileChecksums.SAMPLE_ALL_BELOW + 3_000_000];
    Files.write(big, data);
    String before = FileChecksums.sampledSha256(big);
    assertThat(before).startsWith("sampled:");
    data[data.length / 2] = 1; // inside the middle third: a sampled block or not, the header/tail stay
    data[10] = 1;
    Files.write(big, data);
    assertThat(FileChecksums.sampledSha256(big)).isNotEqualTo(before);
  }
}
