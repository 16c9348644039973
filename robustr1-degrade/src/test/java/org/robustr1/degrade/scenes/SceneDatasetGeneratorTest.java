package org.robustr1.degrade.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneDatasetGeneratorTest {

  private static final List<String> AOKVQA_KEYS =
      List.of(
          "split",
          "image_id",
          "question_id",
          "question",
          "choices",
          "correct_choice_idx",
          "direct_answers",
          "difficult_direct_answer",
          "rationales");

  @Test
  void sameSeedGivesByteIdenticalFiles(@TempDir Path tmp) throws IOException {
    SceneDatasetGenerator gen =
        SceneDatasetGenerator.builder().optTrainSize(24).optValSize(8).optSeed(11).build();
    gen.generate(tmp.resolve("a"));
    gen.generate(tmp.resolve("b"));
    Map<Path, byte[]> a = readAll(tmp.resolve("a"));
    Map<Path, byte[]> b = readAll(tmp.resolve("b"));
    assertThat(a).hasSize(24 + 8 + 2);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (Map.Entry<Path, byte[]> e : a.entrySet()) {
      assertThat(b.get(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
    }
  }

  @Test
  void differentSeedGivesDifferentData(@TempDir Path tmp) throws IOException {
    SceneDataset a = SceneDatasetGenerator.builder().optTrainSize(8).optValSize(0).optSeed(1).build().generate(tmp.resolve("a"));
    SceneDataset b = SceneDatasetGenerator.builder().optTrainSize(8).optValSize(0).optSeed(2).build().generate(tmp.resolve("b"));
    assertThat(Files.readAllBytes(a.annotationFile("train")))
        .isNotEqualTo(Files.readAllBytes(b.annotationFile("train")));
  }

  @Test
  void smallerSplitIsAPrefixOfALargerOne() {
    List<SceneQuestion> small = SceneDatasetGenerator.builder().optTrainSize(10).optSeed(5).build().generateSplit("train");
    List<SceneQuestion> large = SceneDatasetGenerator.builder().optTrainSize(30).optSeed(5).build().generateSplit("train");
    for (int i = 0; i < small.size(); i++) {
      assertThat(large.get(i).record()).isEqualTo(small.get(i).record());
    }
  }

  @Test
  void filesFollowTheAokvqaAndCocoLayout(@TempDir Path tmp) throws IOException {
    SceneDataset ds =
        SceneDatasetGenerator.builder().optTrainSize(20).optValSize(10).optSeed(3).build().generate(tmp);
    Set<String> questionIds = new HashSet<>();
    Set<Long> imageIds = new HashSet<>();
    for (String split : List.of("train", "val")) {
      Path json = tmp.resolve("aokvqa_v1p0_" + split + ".json");
      assertThat(json).exists();
      JsonNode root = new ObjectMapper().readTree(json.toFile());
      assertThat(root.isArray()).isTrue();
      assertThat(root.size()).isEqualTo(split.equals("train") ? 20 : 10);
      for (JsonNode row : root) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(AOKVQA_KEYS);
        assertThat(row.get("split").asText()).isEqualTo(split);
        assertThat(row.get("image_id").isIntegralNumber()).isTrue();
        assertThat(row.get("question_id").asText()).hasSize(22).matches("[2-9A-HJ-NP-Za-km-z]{22}");
        assertThat(row.get("question").asText()).endsWith("?");
        assertThat(row.get("choices")).hasSize(4);
        Set<String> distinctChoices = new HashSet<>();
        row.get("choices").forEach(c -> distinctChoices.add(c.asText()));
        assertThat(distinctChoices).hasSize(4);
        assertThat(row.get("correct_choice_idx").asInt()).isBetween(0, 3);
        assertThat(row.get("direct_answers")).hasSize(10);
        assertThat(row.get("difficult_direct_answer").isBoolean()).isTrue();
        assertThat(row.get("rationales")).hasSize(3);
        row.get("rationales").forEach(r -> assertThat(r.asText()).endsWith("."));
        assertThat(questionIds.add(row.get("question_id").asText())).isTrue();
        long imageId = row.get("image_id").asLong();
        assertThat(imageIds.add(imageId)).isTrue();
        Path image = tmp.resolve(String.format("%s2017/%012d.jpg", split, imageId));
        assertThat(image).exists();
        BufferedImage img = ImageIO.read(image.toFile());
        assertThat(img).as(image.toString()).isNotNull();
        assertThat(img.getWidth()).isEqualTo(112);
        assertThat(img.getHeight()).isEqualTo(112);
      }
    }
    assertThat(ds.train()).hasSize(20);
    assertThat(ds.imageFile(ds.val().get(0))).exists();
    byte[] jpeg = Files.readAllBytes(ds.imageFile(ds.train().get(0)));
    assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
  }

  @Test
  void answersAndKindsAreBalanced() {
    int n = 400;
    List<SceneQuestion> qs = SceneDatasetGenerator.builder().optTrainSize(n).optSeed(9).build().generateSplit("train");
    int[] idx = new int[4];
    Map<QuestionKind, Integer> kinds = new EnumMap<>(QuestionKind.class);
    Map<QuestionKind, Map<String, Integer>> answers = new EnumMap<>(QuestionKind.class);
    int difficult = 0;
    for (SceneQuestion q : qs) {
      idx[q.record().correctChoiceIdx()]++;
      kinds.merge(q.kind(), 1, Integer::sum);
      answers.computeIfAbsent(q.kind(), k -> new HashMap<>()).merge(q.record().answer(), 1, Integer::sum);
      difficult += q.record().difficultDirectAnswer() ? 1 : 0;
    }
    assertThat(idx).containsExactly(100, 100, 100, 100);
    assertThat(kinds.values()).containsOnly(80);
    // Every family spreads its answers over its whole answer set (6 colours, 4 of the others).
    assertThat(answers.get(QuestionKind.COLOR)).hasSize(6);
    for (QuestionKind k : List.of(QuestionKind.COUNT, QuestionKind.POSITION, QuestionKind.LARGEST, QuestionKind.SHAPE)) {
      assertThat(answers.get(k)).as(k.name()).hasSize(4);
      assertThat(answers.get(k).values()).as(k.name()).allSatisfy(c -> assertThat(c).isBetween(8, 35));
    }
    assertThat(difficult).isBetween(1, n / 4);
  }

  @Test
  void answersFollowFromTheScene() {
    checkAnswersFollowFromTheScene(SceneDatasetGenerator.builder().optTrainSize(200).optSeed(4).build().generateSplit("train"), 4);
  }

  @Test
  void coarseGridWithLargerObjectsStillAnswersFromTheScene() {
    SceneDatasetGenerator gen = SceneDatasetGenerator.builder().optTrainSize(300).optSeed(5).optGrid(2).optObjectScale(1.5).build();
    List<SceneQuestion> qs = gen.generateSplit("train");
    checkAnswersFollowFromTheScene(qs, 2);
    double cell = gen.imageSize() / 2.0;
    for (SceneQuestion q : qs) {
      assertThat(q.scene().grid()).isEqualTo(2);
      assertThat(q.scene().objects()).hasSizeBetween(1, 4).allSatisfy(o -> {
        assertThat(o.radius()).isLessThan(cell / 2);
        assertThat(o.centerX() - o.radius()).isGreaterThanOrEqualTo(o.cellColumn() * cell);
        assertThat(o.centerX() + o.radius()).isLessThanOrEqualTo((o.cellColumn() + 1) * cell);
      });
    }
    // objects are larger than on the default 4x4 grid
    double meanDefault = SceneDatasetGenerator.builder().optTrainSize(300).optSeed(5).build().generateSplit("train").stream()
        .flatMap(q -> q.scene().objects().stream()).mapToDouble(SceneObject::radius).average().orElseThrow();
    double meanCoarse = qs.stream().flatMap(q -> q.scene().objects().stream()).mapToDouble(SceneObject::radius).average().orElseThrow();
    assertThat(meanCoarse).isGreaterThan(2 * meanDefault);
  }

  @Test
  void questionKindsCanBeRestrictedAndStayBalanced() {
    List<SceneQuestion> qs = SceneDatasetGenerator.builder().optTrainSize(120).optSeed(3)
        .optQuestionKinds(List.of(QuestionKind.LARGEST, QuestionKind.COLOR)).build().generateSplit("train");
    Map<QuestionKind, Integer> kinds = new EnumMap<>(QuestionKind.class);
    int[] idx = new int[4];
    for (SceneQuestion q : qs) {
      kinds.merge(q.kind(), 1, Integer::sum);
      idx[q.record().correctChoiceIdx()]++;
    }
    assertThat(kinds).containsOnlyKeys(QuestionKind.COLOR, QuestionKind.LARGEST);
    assertThat(kinds.values()).containsOnly(60);
    assertThat(idx).containsExactly(30, 30, 30, 30);
    assertThat(SceneDatasetGenerator.builder().optQuestionKinds(List.of(QuestionKind.SHAPE, QuestionKind.COLOR)).build()
        .questionKinds()).containsExactly(QuestionKind.COLOR, QuestionKind.SHAPE);
  }

  @Test
  void keyRationaleFirstStatesTheAnswer() {
    List<SceneQuestion> qs = SceneDatasetGenerator.builder().optTrainSize(50).optSeed(2).optKeyRationaleFirst(true).build()
        .generateSplit("train");
    int varied = 0;
    for (SceneQuestion q : qs) {
      List<String> rs = q.record().rationales();
      assertThat(rs).hasSize(3).doesNotHaveDuplicates();
      assertThat(rs.get(0)).as(q.record().question()).contains(q.record().answer());
      varied += rs.get(1).equals(qs.get(0).record().rationales().get(1)) ? 0 : 1;
    }
    assertThat(varied).isPositive();
  }

  @Test
  void defaultOptionsReproduceTheDefaultGenerator() {
    List<SceneQuestion> a = SceneDatasetGenerator.builder().optTrainSize(30).optSeed(6).build().generateSplit("train");
    List<SceneQuestion> b = SceneDatasetGenerator.builder().optTrainSize(30).optSeed(6).optGrid(4).optObjectScale(1.0).optKeyRationaleFirst(false)
        .optQuestionKinds(List.of(QuestionKind.values())).build().generateSplit("train");
    assertThat(b).isEqualTo(a);
  }

  private static void checkAnswersFollowFromTheScene(List<SceneQuestion> qs, int grid) {
    for (SceneQuestion q : qs) {
      List<SceneObject> objs = q.scene().objects();
      String answer = q.record().answer();
      String question = q.record().question();
      switch (q.kind()) {
        case COLOR: {
          List<SceneObject> hits = objs.stream().filter(o -> question.contains(" " + o.shape().word() + "?")).toList();
          assertThat(hits).as(question).hasSize(1);
          assertThat(hits.get(0).color().word()).isEqualTo(answer);
          break;
        }
        case COUNT: {
          long n = objs.stream().filter(o -> question.contains(" " + o.shape().plural() + " ")).count();
          assertThat(List.of("one", "two", "three", "four").indexOf(answer) + 1).as(question).isEqualTo((int) n);
          break;
        }
        case POSITION: {
          List<SceneObject> hits =
              objs.stream().filter(o -> question.contains(" " + o.color().word() + " " + o.shape().word() + "?")).toList();
          assertThat(hits).as(question).hasSize(1);
          assertThat(Quadrant.ofCell(hits.get(0).cellColumn(), hits.get(0).cellRow(), grid).phrase()).isEqualTo(answer);
          break;
        }
        case LARGEST: {
          SceneObject big = objs.stream().max((x, y) -> Double.compare(x.radius(), y.radius())).orElseThrow();
          assertThat(big.shape().word()).isEqualTo(answer);
          assertThat(objs.stream().filter(o -> o != big)).allSatisfy(o -> assertThat(o.radius()).isLessThan(big.radius() * 0.6));
          break;
        }
        case SHAPE: {
          List<SceneObject> hits = objs.stream().filter(o -> question.contains(" " + o.color().word() + " object")).toList();
          assertThat(hits).as(question).hasSize(1);
          assertThat(hits.get(0).shape().word()).isEqualTo(answer);
          break;
        }
        default:
          throw new AssertionError(q.kind());
      }
    }
  }

  @Test
  void decodedImageShowsEachObjectsColourAtItsCentre() throws IOException {
    SceneDatasetGenerator gen = SceneDatasetGenerator.builder().optTrainSize(10).optSeed(8).build();
    for (SceneQuestion q : gen.generateSplit("train")) {
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(gen.encodeJpeg(q.scene().render())));
      for (SceneObject o : q.scene().objects()) {
        int px = img.getRGB((int) Math.round(o.centerX()), (int) Math.round(o.centerY()));
        int want = o.color().rgb();
        for (int shift : new int[] {16, 8, 0}) {
          assertThat(Math.abs(((px >> shift) & 0xFF) - ((want >> shift) & 0xFF)))
              .as("%s %s at (%s, %s)", o.color(), o.shape(), o.centerX(), o.centerY())
              .isLessThan(40);
        }
      }
    }
  }

  @Test
  void imageSizeIsConfigurable(@TempDir Path tmp) throws IOException {
    SceneDataset ds = SceneDatasetGenerator.builder().optTrainSize(2).optValSize(0).optImageSize(56).build().generate(tmp);
    BufferedImage img = ImageIO.read(ds.imageFile(ds.train().get(1)).toFile());
    assertThat(img.getWidth()).isEqualTo(56);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().optTrainSize(-1)).hasMessageContaining("trainSize");
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().optImageSize(8)).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().build().generateSplit("test")).hasMessageContaining("test");
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().optGrid(3)).hasMessageContaining("grid");
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().optObjectScale(2.0)).hasMessageContaining("objectScale");
    assertThatThrownBy(() -> SceneDatasetGenerator.builder().optQuestionKinds(List.of())).hasMessageContaining("question kind");
  }

  private static Map<Path, byte[]> readAll(Path root) throws IOException {
    Map<Path, byte[]> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      Iterator<Path> it = files.filter(Files::isRegularFile).iterator();
      while (it.hasNext()) {
        Path p = it.next();
        out.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
