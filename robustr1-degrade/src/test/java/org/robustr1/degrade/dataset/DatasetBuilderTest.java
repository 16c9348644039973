package org.robustr1.degrade.dataset;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.Stage;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.core.io.FingerprintMismatchException;
import org.robustr1.core.io.JsonLines;
import org.robustr1.core.io.TrainRow;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.degrade.replay.Replayer;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;

/** End to end on a 20-question procedural A-OKVQA-format dataset. */
class DatasetBuilderTest {

  @TempDir static Path shared;
  static SceneDataset scenes;
  static Path aokvqa;

  @TempDir Path tmp;

  @BeforeAll
  static void scenes() throws IOException {
    scenes =
        SceneDatasetGenerator.builder()
            .optTrainSize(20)
            .optValSize(0)
            .optImageSize(96)
            .optSeed(7)
            .build()
            .generate(shared.resolve("aokvqa"));
    aokvqa = scenes.annotationFile("train");
  }

  private static DatasetBuilder.Builder builder(Path images, Path out, int threads) {
    return DatasetBuilder.builder()
        .setAokvqaFile(aokvqa)
        .setImageRoot(images)
        .setOutputDir(out)
        .optSeed(11)
        .optThreads(threads);
  }

  @Test
  void rowsAreOfficialChainsMatchingTheManifestAndTheCorrectChoice() throws IOException {
    Path out = tmp.resolve("out");
    DatasetBuilder.Result r = builder(scenes.root(), out, 2).build().run();
    assertThat(r.rows()).isEqualTo(20);
    assertThat(r.written()).isEqualTo(20);
    assertThat(r.failures()).isEmpty();

    List<TrainRow> rows = JsonLines.read(r.trainFile(), JsonLines.TRAIN_ROWS);
    Map<String, List<DegradationCase>> manifest = DatasetManifest.byOutput(r.manifestFile());
    assertThat(rows).hasSize(20);
    assertThat(manifest).hasSize(20);
    for (int i = 0; i < rows.size(); i++) {
      TrainRow row = rows.get(i);
      AokvqaRecord q = scenes.train().get(i);
      assertThat(row.json().get("id").textValue()).isEqualTo(q.questionId());
      assertThat(row.images()).containsExactly(DatasetBuilder.imageName(q));
      assertThat(r.imageDir().resolve(row.images().get(0))).isRegularFile();
      assertThat(row.userTurn()).isEqualTo(TrainingPrompts.chainUserTurn(q.question(), q.choices()));
      assertThat(row.userTurn()).startsWith("<image>" + q.question() + "\n0. ");

      ParsedChain chain = ChainFormat.DEFAULT.parse(row.assistantTurn());
      assertThat(chain.problems()).as(row.assistantTurn()).isEmpty();
      assertThat(chain.isComplete()).isTrue();
      assertThat(chain.answer()).contains(q.answer());
      assertThat(chain.section(Section.CONCLUSION)).contains("So the answer is " + q.answer() + ".");
      assertThat(chain.section(Section.REASONING).orElseThrow()).contains(q.rationales().get(0).strip());

      List<DegradationCase> cases = manifest.get(DatasetBuilder.IMAGE_DIR + "/" + row.images().get(0));
      assertThat(cases).hasSize(4);
      assertThat(cases).allMatch(c -> c.inputFile().equals(q.imagePath()));
      assertThat(cases.stream().map(c -> c.type().stage().orElseThrow()))
          .containsExactly(Stage.values());
      List<TypedStrength> expected = ChainFormat.DEFAULT.typesOf(DatasetManifest.record(cases));
      assertThat(chain.types()).isEqualTo(expected);
      assertThat(chain.section(Section.INFLUENCE).orElseThrow())
          .isEqualTo(new TemplateInfluenceAnnotator().influence(InfluenceRequest.of(
              q.questionId(), expected, q.question(), q.choices(), q.answer())));
    }
  }

  @Test
  void sameSeedGivesByteIdenticalOutputWithOneAndTwoThreadsAndTheManifestRemakesTheImages()
      throws IOException {
    Path out1 = tmp.resolve("t1");
    Path out2 = tmp.resolve("t2");
    builder(scenes.root(), out1, 1).build().run();
    builder(scenes.root(), out2, 2).build().run();
    Map<String, byte[]> a = tree(out1);
    Map<String, byte[]> b = tree(out2);
    assertThat(a).hasSize(20 + 3);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((k, v) -> assertThat(b.get(k)).as(k).isEqualTo(v));

    Path remade = tmp.resolve("remade");
    Replayer.Report rep = DatasetManifest.remake(out1.resolve(DatasetBuilder.MANIFEST_FILE), scenes.root(), remade);
    assertThat(rep.failures()).isEmpty();
    assertThat(rep.written()).isEqualTo(20);
    Map<String, byte[]> c = tree(remade);
    assertThat(c).hasSize(20);
    c.forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));

    Path other = tmp.resolve("seed12");
    builder(scenes.root(), other, 2).optSeed(12).build().run();
    assertThat(Files.readString(other.resolve("train.jsonl")))
        .isNotEqualTo(Files.readString(out1.resolve("train.jsonl")));
  }

  @Test
  void resumesAfterALimitedRunAndAfterACrashCutALineShort() throws IOException {
    Path fresh = tmp.resolve("fresh");
    builder(scenes.root(), fresh, 2).build().run();

    Path out = tmp.resolve("resumed");
    DatasetBuilder.Result first = builder(scenes.root(), out, 2).optLimit(8).build().run();
    assertThat(first.written()).isEqualTo(8);
    DatasetBuilder.Result second = builder(scenes.root(), out, 1).build().run();
    assertThat(second.skipped()).isEqualTo(8);
    assertThat(second.written()).isEqualTo(12);
    Map<String, byte[]> mid = tree(out);
    assertThat(mid.keySet()).isEqualTo(tree(fresh).keySet());
    tree(fresh).forEach((k, v) -> assertThat(mid.get(k)).as(k).isEqualTo(v));

    // a crash: the last row cut in half, one image missing
    Path train = out.resolve(DatasetBuilder.TRAIN_FILE);
    List<String> lines = Files.readAllLines(train, StandardCharsets.UTF_8);
    String last = lines.get(19);
    lines.set(19, last.substring(0, last.length() / 2));
    Files.writeString(train, String.join("\n", lines), StandardCharsets.UTF_8);
    AokvqaRecord third = scenes.train().get(2);
    Files.delete(out.resolve(DatasetBuilder.IMAGE_DIR).resolve(DatasetBuilder.imageName(third)));
    DatasetBuilder.Result again = builder(scenes.root(), out, 2).build().run();
    assertThat(again.skipped()).isEqualTo(18);
    assertThat(again.written()).isEqualTo(2);
    Map<String, byte[]> want = tree(fresh);
    Map<String, byte[]> got = tree(out);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    want.forEach((k, v) -> assertThat(got.get(k)).as(k).isEqualTo(v));

    DatasetBuilder.Result noop = builder(scenes.root(), out, 2).build().run();
    assertThat(noop.written()).isZero();
    assertThat(noop.skipped()).isEqualTo(20);
  }

  @Test
  void aCorruptAndAMissingImageAreReportedAndSkipped() throws IOException {
    Path images = tmp.resolve("images");
    copyTree(scenes.root(), images);
    AokvqaRecord bad = scenes.train().get(3);
    AokvqaRecord gone = scenes.train().get(11);
    Path badFile = images.resolve(bad.imagePath());
    byte[] jpg = Files.readAllBytes(badFile);
    Files.write(badFile, Arrays.copyOf(jpg, jpg.length / 3));
    Files.delete(images.resolve(gone.imagePath()));

    DatasetBuilder.Result r = builder(images, tmp.resolve("out"), 2).build().run();
    assertThat(r.written()).isEqualTo(18);
    assertThat(r.failures()).extracting(FileFailure::path).containsExactly(badFile, images.resolve(gone.imagePath()));
    assertThat(r.failures().get(0).message()).contains("truncated");
    List<TrainRow> rows = JsonLines.read(r.trainFile(), JsonLines.TRAIN_ROWS);
    assertThat(rows).hasSize(18);
    assertThat(rows.stream().map(t -> t.json().get("id").textValue()))
        .doesNotContain(bad.questionId(), gone.questionId());
    assertThat(DatasetManifest.byOutput(r.manifestFile())).hasSize(18);
  }

  @Test
  void cleanFractionKeepsSourceImagesWithAnEmptyTypeSection() throws IOException {
    Path out = tmp.resolve("clean");
    DatasetBuilder.Result r = builder(scenes.root(), out, 2).optCleanFraction(0.5).build().run();
    List<TrainRow> rows = JsonLines.read(r.trainFile(), JsonLines.TRAIN_ROWS);
    Map<String, List<DegradationCase>> manifest = DatasetManifest.byOutput(r.manifestFile());
    int clean = 0;
    for (int i = 0; i < 20; i++) {
      AokvqaRecord q = scenes.train().get(i);
      ParsedChain chain = ChainFormat.DEFAULT.parse(rows.get(i).assistantTurn());
      assertThat(chain.problems()).isEmpty();
      String img = DatasetBuilder.IMAGE_DIR + "/" + DatasetBuilder.imageName(q);
      if (chain.types().isEmpty()) {
        clean++;
        assertThat(manifest).doesNotContainKey(img);
        assertThat(Files.readAllBytes(out.resolve(img))).isEqualTo(Files.readAllBytes(scenes.imageFile(q)));
        assertThat(chain.section(Section.INFLUENCE)).contains(TemplateInfluenceAnnotator.CLEAN);
        assertThat(rows.get(i).assistantTurn()).startsWith("<TYPE><TYPE_END>\n<INFLUENCE>");
      } else {
        assertThat(manifest.get(img)).hasSize(4);
      }
    }
    assertThat(clean).isBetween(4, 16);
    DatasetBuilder all = builder(scenes.root(), tmp.resolve("all"), 1).optCleanFraction(1).build();
    assertThat(scenes.train()).allMatch(q -> all.isClean(q.questionId()));
  }

  @Test
  void answerOnlyModeWritesPlainQuestionsAndAnswers() throws IOException {
    DatasetBuilder.Result r =
        builder(scenes.root(), tmp.resolve("ans"), 2)
            .optOutputMode(OutputMode.ANSWER_ONLY)
            .optLimit(5)
            .build()
            .run();
    List<TrainRow> rows = JsonLines.read(r.trainFile(), JsonLines.TRAIN_ROWS);
    assertThat(rows).hasSize(5);
    for (int i = 0; i < 5; i++) {
      AokvqaRecord q = scenes.train().get(i);
      assertThat(rows.get(i).assistantTurn()).isEqualTo(q.answer());
      assertThat(rows.get(i).userTurn()).isEqualTo("<image>" + TrainingPrompts.questionBlock(q.question(), q.choices()));
    }
    DatasetBuilder.Result idx =
        builder(scenes.root(), tmp.resolve("idx"), 2)
            .optAnswerStyle(AnswerStyle.CHOICE_INDEX)
            .optLimit(3)
            .build()
            .run();
    List<TrainRow> idxRows = JsonLines.read(idx.trainFile(), JsonLines.TRAIN_ROWS);
    DatasetBuilder.Result plain =
        builder(scenes.root(), tmp.resolve("plain"), 2).optPromptStyle(PromptStyle.PLAIN).optLimit(3).build().run();
    List<TrainRow> plainRows = JsonLines.read(plain.trainFile(), JsonLines.TRAIN_ROWS);
    for (int i = 0; i < 3; i++) {
      AokvqaRecord q = scenes.train().get(i);
      assertThat(plainRows.get(i).userTurn()).isEqualTo("<image>" + TrainingPrompts.questionBlock(q.question(), q.choices()));
      assertThat(ChainFormat.DEFAULT.parse(plainRows.get(i).assistantTurn()).isComplete()).isTrue();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(ChainFormat.DEFAULT.parse(idxRows.get(i).assistantTurn()).answer())
          .contains(Integer.toString(scenes.train().get(i).correctChoiceIdx()));
    }
  }

  @Test
  void resumingWithOtherSettingsIsRefused() throws IOException {
    Path out = tmp.resolve("s");
    builder(scenes.root(), out, 1).optLimit(2).build().run();
    assertThatThrownBy(() -> builder(scenes.root(), out, 1).optLimit(2).optSeed(99).build().run())
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining("seed: was '11', now '99'")
        .hasMessageContaining("dataset.json");
    Path otherData = tmp.resolve("other_aokvqa.json");
    Files.writeString(otherData, Files.readString(aokvqa).replace("\"question\"", "\"question\" "));
    assertThatThrownBy(() -> builder(scenes.root(), out, 1).setAokvqaFile(otherData).optLimit(2).build().run())
        .hasMessageContaining("data_checksum: was");
  }

  @Test
  void badAnnotationFilesNameTheRowAndField() throws IOException {
    Path f = tmp.resolve("aokvqa_v1p0_train.json");
    Files.writeString(
        f,
        "[{\"split\":\"train\",\"image_id\":1,\"question_id\":\"q1\",\"question\":\"?\","
            + "\"choices\":[\"a\",\"b\",\"c\",\"d\"],\"correct_choice_idx\":1,\"rationales\":[\"r\"]},"
            + "{\"split\":\"train\",\"image_id\":2,\"question_id\":\"q2\",\"question\":\"?\","
            + "\"choices\":[\"a\",\"b\",\"c\",\"d\"],\"rationales\":[\"r\"]}]");
    assertThatThrownBy(() -> AokvqaReader.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining("correct_choice_idx");
    Files.writeString(f, "{\"not\": \"an array\"}");
    assertThatThrownBy(() -> AokvqaReader.read(f)).hasMessageContaining("JSON array");
  }

  static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.collect(Collectors.toList())) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
