package org.robustr1.eval.rbench.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchTask;

/** Reading {@code All.parquet} (every supported codec, several row groups) and the notebook's folder layout. */
class RBenchDataTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"})
  void readsFieldsAndStreamsImagesOfWantedRowsOnly(CompressionCodecName codec) throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(12);
    Path file = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows, Set.of(), codec, 5);
    RBenchData data = RBenchData.open(file, BadInputPolicy.FAIL);
    assertThat(data.items()).hasSize(36);
    for (int i = 0; i < rows.size(); i++) {
      RBenchItem it = data.items().get(i);
      RBenchFixtures.Row r = rows.get(i);
      assertThat(it.row()).isEqualTo(i + 1);
      assertThat(List.of(it.name(), it.question(), it.choice(), it.answer(), it.task().name()))
          .containsExactly(r.name(), r.question(), r.choice(), r.answer(), r.type());
      assertThat(it.distortion()).isEqualTo(r.distortion());
      assertThat(it.strength()).isEqualTo(r.strength());
    }
    assertThat(data.items().get(4).choice()).endsWith("；E.black");
    assertThat(data.score(data.items().get(0))).isEmpty();
    List<RBenchItem> wanted = List.of(data.items().get(2), data.items().get(17), data.items().get(18), data.items().get(35));
    List<RBenchData.ImagePair> got = new ArrayList<>();
    data.forEachImagePair(wanted, got::add);
    assertThat(got).extracting(p -> p.item().name()).containsExactly("MMBench_2.jpg", "OKVQA_5.jpg", "OKVQA_6.jpg", "COCO_11.jpg");
    for (RBenchData.ImagePair p : got) {
      RBenchFixtures.Row r = rows.get(p.item().row() - 1);
      assertThat(p.ref()).isEqualTo(r.ref());
      assertThat(p.dis()).isEqualTo(r.dis());
      assertThat(p.refField()).isEqualTo("ref_image.bytes");
    }
    assertThat(data.sha256()).hasSize(64);
  }

  @Test
  void readsTheNotebookFolderLayout() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(3);
    Path folder = RBenchFixtures.writeFolder(dir.resolve("nb"), rows);
    RBenchData data = RBenchData.open(folder, BadInputPolicy.FAIL);
    assertThat(data.items()).extracting(RBenchItem::name).containsExactlyElementsOf(rows.stream().map(RBenchFixtures.Row::name).toList());
    assertThat(data.items().get(6).task()).isEqualTo(RBenchTask.CAP);
    assertThat(data.items().get(6).question()).isEqualTo(RBenchFixtures.CAP_QUESTION);
    assertThat(data.score(data.items().get(1))).isEqualTo("3.625");
    List<RBenchData.ImagePair> got = new ArrayList<>();
    data.forEachImagePair(List.of(data.items().get(7)), got::add);
    assertThat(got.get(0).dis()).isEqualTo(rows.get(7).dis());
    assertThat(got.get(0).disField()).isEqualTo("dis/COCO_1.jpg");
    assertThat(RBenchData.open(folder.resolve("Ref_Release.csv"), BadInputPolicy.FAIL).items()).hasSize(9);
  }

  @Test
  void missingColumnIsOneLineNamingIt() throws Exception {
    Path file = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), RBenchFixtures.standard(1), Set.of("dis_image"),
        CompressionCodecName.SNAPPY, 10);
    assertThatThrownBy(() -> RBenchData.open(file, BadInputPolicy.FAIL)).isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(file + ": column 'dis_image' is missing; the R-Bench parquet needs name, question,")
        .hasMessageEndingWith("(found: name, question, choice, answer, type, distortion, strength, ref_image)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void badRowsNameRowAndFieldOrAreSkipped() throws Exception {
    List<RBenchFixtures.Row> rows = new ArrayList<>(RBenchFixtures.standard(2));
    RBenchFixtures.Row cap = rows.get(5);
    rows.set(5, new RBenchFixtures.Row(cap.name(), cap.question(), cap.choice(), "a dog", "CAP", 3, 1, cap.ref(), cap.dis()));
    RBenchFixtures.Row mcq = rows.get(0);
    rows.set(0, new RBenchFixtures.Row(mcq.name(), mcq.question(), mcq.choice(), "A", "MCQ", 34, 1, mcq.ref(), mcq.dis()));
    Path file = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    assertThatThrownBy(() -> RBenchData.open(file, BadInputPolicy.FAIL))
        .hasMessage(file + ", row 1: field 'distortion' must be an integer in 1..33, got '34'");
    RBenchData data = RBenchData.open(file, BadInputPolicy.SKIP);
    assertThat(data.items()).hasSize(4);
    assertThat(data.skipped()).extracting(s -> s.row() + " " + s.index()).containsExactly("1 MMBench_0.jpg", "6 COCO_1.jpg");
    assertThat(data.skipped().get(1).reason())
        .startsWith(file + ", row 6: field 'answer' a CAP answer must be a Python list of reference captions");

    Path notParquet = java.nio.file.Files.writeString(dir.resolve("x.parquet"), "hello");
    assertThatThrownBy(() -> RBenchData.open(notParquet, BadInputPolicy.FAIL))
        .hasMessageStartingWith(notParquet + ": cannot read as Parquet:").hasMessageNotContaining("\n");
  }
}
