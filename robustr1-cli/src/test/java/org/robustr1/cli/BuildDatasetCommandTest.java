package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.io.JsonLines;
import org.robustr1.core.io.TrainRow;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import picocli.CommandLine;

/** {@code robustr1 build-dataset} on a small procedural A-OKVQA-format dataset. */
class BuildDatasetCommandTest {

  @TempDir Path tmp;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void buildsRowsManifestAndImages() throws Exception {
    SceneDataset ds =
        SceneDatasetGenerator.builder().optTrainSize(6).optValSize(0).optImageSize(64).build().generate(tmp.resolve("src"));
    Path out = tmp.resolve("out");
    StringWriter sw = new StringWriter();
    int rc =
        run(sw, new StringWriter(),
            "build-dataset", "--aokvqa", ds.annotationFile("train").toString(), "--images", ds.root().toString(),
            "--out", out.toString(), "--seed", "3", "--threads", "2", "--limit", "4", "--no-progress");
    assertThat(rc).isZero();
    assertThat(sw.toString()).contains("4 rows: 4 written, 0 already there, 0 failed");
    List<TrainRow> rows = JsonLines.read(out.resolve("train.jsonl"), JsonLines.TRAIN_ROWS);
    assertThat(rows).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ChainFormat.DEFAULT.parse(rows.get(i).assistantTurn()).answer()).contains(ds.train().get(i).answer());
      assertThat(out.resolve("images").resolve(rows.get(i).images().get(0))).isRegularFile();
    }
    assertThat(Files.readAllLines(out.resolve("degradations.jsonl"))).hasSize(16);

    StringWriter again = new StringWriter();
    assertThat(run(again, new StringWriter(),
            "build-dataset", "--aokvqa", ds.annotationFile("train").toString(), "--images", ds.root().toString(),
            "--out", out.toString(), "--seed", "3", "--no-progress"))
        .isZero();
    assertThat(again.toString()).contains("6 rows: 2 written, 4 already there, 0 failed");
  }

  @Test
  void anApiUrlNeedsAModel() {
    StringWriter err = new StringWriter();
    int rc =
        run(new StringWriter(), err,
            "build-dataset", "--aokvqa", "a.json", "--images", ".", "--out", tmp.toString(), "--seed", "1",
            "--influence", "http://127.0.0.1:9/v1");
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("needs --influence-model");
  }
}
