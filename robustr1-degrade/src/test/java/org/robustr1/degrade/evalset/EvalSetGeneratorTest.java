package org.robustr1.degrade.evalset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.io.FingerprintMismatchException;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.TestImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.degrade.replay.Replayer;

class EvalSetGeneratorTest {

  @TempDir Path tmp;
  Path in;

  @BeforeEach
  void inputs() throws IOException {
    in = tmp.resolve("in");
    Files.createDirectories(in);
    for (int k = 0; k < 8; k++) {
      String ext = k % 3 == 0 ? "jpg" : "png";
      ImageIo.writeBgr(in.resolve("img" + k + "." + ext), TestImages.procedural(48 + 8 * k, 40 + 4 * k, k));
    }
    ImageIo.writeBgr(in.resolve("tiny.png"), TestImages.procedural(6, 5, 99));
    Files.writeString(in.resolve("notes.txt"), "ignored: not an image extension");
    Files.writeString(in.resolve("bogus.png"), "not really a png", StandardCharsets.UTF_8);
    byte[] jpg = Files.readAllBytes(in.resolve("img0.jpg"));
    Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
  }

  private EvalSetGenerator.Result run(Path out, int threads) throws IOException {
    return EvalSetGenerator.builder()
        .setInputDir(in)
        .setOutputDir(out)
        .setName("Demo")
        .optSeed(42)
        .optThreads(threads)
        .build()
        .run();
  }

  @Test
  void sameSeedGivesByteIdenticalOutputsWithOneAndTwoThreads() throws IOException {
    Path out1 = tmp.resolve("out1");
    Path out2 = tmp.resolve("out2");
    EvalSetGenerator.Result r1 = run(out1, 1);
    EvalSetGenerator.Result r2 = run(out2, 2);
    assertThat(r1.images()).isEqualTo(11);
    assertThat(r1.processed()).isEqualTo(9);
    assertThat(r2.processed()).isEqualTo(9);
    Map<String, byte[]> a = tree(out1);
    Map<String, byte[]> b = tree(out2);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    assertThat(a.keySet()).contains("Demo_Robust_25/img3.jpg", "Demo_Robust_50/tiny.png", "Demo_Robust_100/img7.png",
        "degradations.jsonl", "fingerprint.json");
    assertThat(a).hasSize(9 * 3 + 2);
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
    List<DegradationCase> cases = CaseFiles.read(r1.manifest());
    assertThat(cases).hasSize(27);
    // one op per image, three levels in the reference order
    Map<String, List<DegradationCase>> byImage =
        cases.stream().collect(Collectors.groupingBy(DegradationCase::inputFile));
    for (List<DegradationCase> l : byImage.values()) {
      assertThat(l.stream().map(DegradationCase::op).distinct()).hasSize(1);
      assertThat(l.stream().map(DegradationCase::intensity)).containsExactly(0.9, 0.45, 0.23);
    }
  }

  @Test
  void badFilesAreReportedWithTheirPathAndSkipped() throws IOException {
    EvalSetGenerator.Result r = run(tmp.resolve("out"), 2);
    assertThat(r.failures()).extracting(FileFailure::path)
        .containsExactlyInAnyOrder(in.resolve("bogus.png"), in.resolve("truncated.jpg"));
    assertThat(r.failures()).allSatisfy(f -> assertThat(f.toString()).contains(f.path().toString()));
    assertThat(CaseFiles.read(r.manifest())).noneMatch(c -> c.inputFile().equals("bogus.png"));
  }

  @Test
  void resumeSkipsImagesInTheManifestAndRedoesMissingOnes() throws IOException {
    Path out = tmp.resolve("out");
    EvalSetGenerator.Result first = run(out, 2);
    Map<String, byte[]> before = tree(out);
    EvalSetGenerator.Result again = run(out, 2);
    assertThat(again.processed()).isZero();
    assertThat(again.skipped()).isEqualTo(first.processed());
    assertThat(tree(out)).usingRecursiveComparison().isEqualTo(before);
    // lose one output and a manifest line: exactly that image is redone, identically
    Files.delete(out.resolve("Demo_Robust_50/img2.png"));
    List<String> lines = Files.readAllLines(first.manifest());
    Files.write(first.manifest(), lines.subList(0, lines.size() - 1));
    EvalSetGenerator.Result third = run(out, 1);
    assertThat(third.processed()).isEqualTo(2);
    Map<String, byte[]> after = tree(out);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String k : before.keySet()) {
      assertThat(after.get(k)).as(k).isEqualTo(before.get(k));
    }
  }

  private EvalSetGenerator.Builder builder(Path out, String name, long seed) {
    return EvalSetGenerator.builder().setInputDir(in).setOutputDir(out).setName(name).optSeed(seed).optThreads(1);
  }

  @Test
  void resumingWithAnotherSeedOrNameIsRefusedNamingTheFieldAndNothingIsMixed() throws IOException {
    Path out = tmp.resolve("out");
    run(out, 2);
    // a run killed part-way: a manifest with some images only
    List<String> lines = Files.readAllLines(out.resolve(EvalSetGenerator.MANIFEST));
    Files.write(out.resolve(EvalSetGenerator.MANIFEST), lines.subList(0, 6));
    Map<String, byte[]> before = tree(out);
    assertThatThrownBy(() -> builder(out, "Demo", 43).build().run())
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining("seed: was '42', now '43'")
        .hasMessageContaining("--overwrite");
    assertThatThrownBy(() -> builder(out, "U", 42).build().run())
        .hasMessageContaining("name: was 'Demo', now 'U'");
    assertThat(tree(out)).usingRecursiveComparison().isEqualTo(before);
    assertThat(out.resolve("U_Robust_50")).doesNotExist();

    // --overwrite deletes the old outputs and makes the new set from scratch
    EvalSetGenerator.Result fresh = builder(out, "U", 43).optOverwrite(true).build().run();
    assertThat(fresh.skipped()).isZero();
    assertThat(fresh.processed()).isEqualTo(9);
    assertThat(out.resolve("Demo_Robust_50/img1.png")).doesNotExist();
    assertThat(CaseFiles.read(fresh.manifest())).hasSize(27).allMatch(c -> c.outputFile().startsWith("U_Robust_"));
    Map<String, byte[]> fromScratch = tree(builderRun(tmp.resolve("scratch"), "U", 43));
    Map<String, byte[]> overwritten = tree(out);
    assertThat(overwritten.keySet()).isEqualTo(fromScratch.keySet());
    for (String k : fromScratch.keySet()) {
      assertThat(overwritten.get(k)).as(k).isEqualTo(fromScratch.get(k));
    }
  }

  @Test
  void aManifestWithoutFingerprintIsRefused() throws IOException {
    Path out = tmp.resolve("out");
    run(out, 2);
    Files.delete(out.resolve(EvalSetGenerator.FINGERPRINT_FILE));
    assertThatThrownBy(() -> run(out, 1)).hasMessageContaining("recorded no fingerprint.json");
  }

  private Path builderRun(Path out, String name, long seed) throws IOException {
    builder(out, name, seed).build().run();
    return out;
  }

  @Test
  void manifestReplaysToTheWrittenImages() throws IOException {
    Path out = tmp.resolve("out");
    EvalSetGenerator.Result r = run(out, 2);
    Path replayed = tmp.resolve("replayed");
    Replayer.Report rep = new Replayer(in).replayAll(CaseFiles.read(r.manifest()), replayed);
    assertThat(rep.failures()).isEmpty();
    assertThat(rep.written()).isEqualTo(27);
    Map<String, byte[]> a = tree(out);
    Map<String, byte[]> b = tree(replayed);
    for (String k : b.keySet()) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
  }

  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return m;
  }
}
