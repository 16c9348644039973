package org.robustr1.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainDataReaderTest {

  @TempDir Path dir;

  private static String row(String image, String q, String a) {
    return "{\"image\": " + image + ", \"conversations\": [{\"from\": \"human\", \"value\": \"" + q
        + "\"}, {\"from\": \"gpt\", \"value\": \"" + a + "\"}]}";
  }

  private Path setup(List<String> lines) throws IOException {
    Path images = Files.createDirectories(dir.resolve("imgs/sub"));
    Files.write(images.resolve("a.png"), new byte[] {1});
    Files.write(dir.resolve("imgs/b.png"), new byte[] {1});
    Files.write(dir.resolve("secret.png"), new byte[] {1});
    Path data = dir.resolve("train.jsonl");
    Files.write(data, lines);
    return data;
  }

  @Test
  void readsOfficialRows() throws IOException {
    Path data =
        setup(
            List.of(
                row("\"sub/a.png\"", "<image>What is it?\\n0. cat\\n1. dog\\n", "<answer><TYPE>motion blur(0.45)<TYPE_END><ANSWER>1<ANSWER_END></answer>"),
                "",
                row("[\"sub/a.png\", \"b.png\"]", "<image><image>Compare.", "<ANSWER>0<ANSWER_END>")));
    TrainDataset ds = TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true);
    assertThat(ds.size()).isEqualTo(2);
    TrainExample r = ds.get(0);
    assertThat(r.line()).isEqualTo(1);
    assertThat(r.question()).isEqualTo("What is it?\n0. cat\n1. dog\n");
    assertThat(r.answer()).isEqualTo("<TYPE>motion blur(0.45)<TYPE_END><ANSWER>1<ANSWER_END>");
    assertThat(r.solution()).isEqualTo("<answer> <TYPE>motion blur(0.45)<TYPE_END><ANSWER>1<ANSWER_END> </answer>");
    assertThat(r.images()).containsExactly(dir.resolve("imgs/sub/a.png").toAbsolutePath().normalize());
    assertThat(ds.get(1).line()).isEqualTo(3);
    assertThat(ds.get(1).images()).hasSize(2);
  }

  @Test
  void acceptsAByteOrderMarkAndNamesTheLineOfANonUtf8Byte() throws IOException {
    Path data = setup(List.of());
    String good = row("\"sub/a.png\"", "<image>Caf\u00e9?", "<ANSWER>0<ANSWER_END>");
    Files.write(data, ("\uFEFF" + good + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TrainDataset ds = TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true);
    assertThat(ds.get(0).question()).isEqualTo("Caf\u00e9?");
    Files.write(data, (good + "\n" + good + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true))
        .hasMessageStartingWith(data + ": not UTF-8 at line 1 (byte 0xE9").hasMessageEndingWith("; re-save it as UTF-8");
  }

  @Test
  void refusesPathsEscapingTheRootWithTheLineNumber() throws IOException {
    Path data = setup(List.of(row("\"sub/a.png\"", "q", "a"), row("\"../secret.png\"", "q", "a")));
    assertThatThrownBy(() -> TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("train.jsonl line 2")
        .hasMessageContaining("'../secret.png' contains '..'");
    Path abs = setup(List.of(row("\"" + dir.resolve("secret.png") + "\"", "q", "a")));
    assertThatThrownBy(() -> TrainDataReader.read(abs, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, false))
        .hasMessageContaining("line 1")
        .hasMessageContaining("is absolute");
    Path sneaky = setup(List.of(row("\"sub/../../secret.png\"", "q", "a")));
    assertThatThrownBy(() -> TrainDataReader.read(sneaky, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, false))
        .hasMessageContaining("line 1")
        .hasMessageContaining("contains '..'");
  }

  @Test
  void refusesSymbolicLinksOutOfTheRootNamingFileLineAndField() throws IOException {
    Path data = setup(List.of(row("\"sub/a.png\"", "q", "a"), row("\"sub/link.png\"", "q", "a")));
    Files.createSymbolicLink(dir.resolve("imgs/sub/link.png"), dir.resolve("secret.png"));
    Files.createSymbolicLink(dir.resolve("imgs/out"), dir);
    assertThatThrownBy(() -> TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("train.jsonl line 2")
        .hasMessageContaining("field image refused")
        .hasMessageContaining("'sub/link.png' leaves " + dir.resolve("imgs") + " through a symbolic link");
    Path viaDir = setup(List.of(row("\"out/secret.png\"", "q", "a")));
    assertThatThrownBy(() -> TrainDataReader.read(viaDir, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, false))
        .hasMessageContaining("line 1").hasMessageContaining("through a symbolic link");
    // a link that stays inside the root is fine
    Files.createSymbolicLink(dir.resolve("imgs/inside.png"), dir.resolve("imgs/b.png"));
    Path inside = setup(List.of(row("\"inside.png\"", "q", "a")));
    assertThat(TrainDataReader.read(inside, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true).size()).isEqualTo(1);
  }

  @Test
  void skipsOrFailsOnBadRows() throws IOException {
    Path data =
        setup(
            List.of(
                row("\"sub/a.png\"", "q", "a"),
                "{not json",
                "{\"image\": \"b.png\"}",
                row("\"missing.png\"", "q", "a"),
                row("\"../x.png\"", "q", "a"),
                row("\"b.png\"", "q", "")));
    TrainDataset ds = TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.SKIP, true);
    assertThat(ds.size()).isEqualTo(1);
    assertThat(ds.skipped()).hasSize(5);
    assertThat(ds.skipped().get(0)).contains("line 2").contains("invalid JSON");
    assertThat(ds.skipped().get(1)).contains("line 3").contains("missing field conversations");
    assertThat(ds.skipped().get(2)).contains("line 4").contains("field image: 'missing.png' not found");
    assertThat(ds.skipped().get(3)).contains("line 5").contains("'..'");
    assertThat(ds.skipped().get(4)).contains("line 6").contains("empty");
    assertThatThrownBy(() -> TrainDataReader.read(data, new ImageRoot(dir.resolve("imgs")), OnBadRow.FAIL, true))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void epochOrderIsAPermutationDeterminedBySeedAndEpoch() {
    int[] a = EpochOrder.permutation(50, 42, 0);
    assertThat(a).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
    assertThat(EpochOrder.permutation(50, 42, 0)).containsExactly(a);
    assertThat(EpochOrder.permutation(50, 42, 1)).isNotEqualTo(a);
    assertThat(EpochOrder.permutation(50, 43, 0)).isNotEqualTo(a);
  }
}
