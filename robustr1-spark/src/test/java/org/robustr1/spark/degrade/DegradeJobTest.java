package org.robustr1.spark.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.robustr1.cli.RobustR1Command;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.spark.LocalSpark;
import picocli.CommandLine;

/**
 * The Spark degrade job against {@code robustr1 degrade eval-set} on the same folder: the same files
 * byte for byte (SHA-256 of every file) with 2 and with 7 partitions, from image files and from a
 * Parquet table of their bytes; an undecodable file is reported by both and skipped.
 */
class DegradeJobTest {

  /** Written by eval-set only (its run fingerprint), not part of the degraded set. */
  /** Files that record a run (its settings, time, command line) rather than its results. */
  private static final Set<String> NOT_COMPARED = Set.of("fingerprint.json", "provenance.json", "resolved_config.yaml");

  @TempDir static Path dir;
  static Path in;
  static Path reference;

  @BeforeAll
  static void degradeOnOneMachine() throws Exception {
    OpenCv.load();
    in = dir.resolve("in");
    Files.createDirectories(in);
    String[] names = {"a.png", "b.jpg", "c d.png", "e.jpeg", "f.bmp", "g.png", "h.jpg", "i.png", "j.png"};
    for (int k = 0; k < names.length; k++) {
      Mat m = new Mat(40 + 7 * k, 56 + 5 * (k % 4), CvType.CV_8UC3);
      Core.randu(m, 0, 256);
      Imgproc.GaussianBlur(m, m, new org.opencv.core.Size(5, 5), 2);
      Imgproc.circle(m, new Point(20, 20), 12, new Scalar(30 * k, 255 - 20 * k, 90), -1);
      ImageIo.writeBgr(in.resolve(names[k]), m);
      m.release();
    }
    Files.writeString(in.resolve("broken.png"), "not a png");
    Files.writeString(in.resolve("notes.txt"), "not an image");
    reference = dir.resolve("eval-set");
    StringWriter sw = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    int code = cl.execute("degrade", "eval-set", "--in", in.toString(), "--out", reference.toString(),
        "--name", "Toy", "--seed", "11", "--no-progress");
    assertThat(code).as(sw.toString()).isEqualTo(1);
    assertThat(sw.toString()).contains("broken.png");
  }

  private static Map<String, String> referenceFiles() {
    Map<String, String> ref = LocalSpark.sha256All(reference, NOT_COMPARED);
    assertThat(ref).hasSize(9 * 3 + 1).containsKey("degradations.jsonl").containsKey("Toy_Robust_50/c d.png");
    return ref;
  }

  @Test
  void sameFilesAsEvalSetForTwoAndSevenPartitions() throws Exception {
    Map<String, String> ref = referenceFiles();
    for (int parts : new int[] {2, 7}) {
      Path out = dir.resolve("spark-" + parts);
      DegradeJob.Result r = DegradeJob.builder().setInput(ImageInput.folder(in.toString())).setName("Toy").optSeed(11)
          .optOutputDir(out.toString()).optParquet(dir.resolve("table-" + parts).toString()).optPartitions(parts)
          .build().run(LocalSpark.get());
      assertThat(r.images()).isEqualTo(10);
      assertThat(r.outputs()).isEqualTo(27);
      assertThat(r.failures()).containsOnlyKeys("broken.png");
      assertThat(LocalSpark.sha256All(out, NOT_COMPARED)).as("%s partitions", parts).isEqualTo(ref);
    }
    // the table holds the same bytes as the files, one row per image and track
    List<Row> rows = LocalSpark.get().read().parquet(dir.resolve("table-7").toString())
        .filter("error is null").select("id", "track", "output_file", "image", "op").collectAsList();
    assertThat(rows).hasSize(27);
    for (Row r : rows) {
      assertThat(r.getString(2)).isEqualTo("Toy_Robust_" + r.getString(1) + "/" + r.getString(0));
      assertThat((byte[]) r.get(3)).isEqualTo(Files.readAllBytes(reference.resolve(r.getString(2))));
    }
  }

  @Test
  void parquetOfBytesGivesTheSameFiles() throws Exception {
    List<Row> files = LocalSpark.get().read().format("binaryFile").load(in.toString())
        .selectExpr("regexp_extract(path, '[^/]+$', 0) as name", "content").collectAsList();
    assertThat(files).isNotEmpty();
    Path table = dir.resolve("images.parquet");
    LocalSpark.get().read().format("binaryFile").load(in.toString())
        .filter("path not like '%notes.txt' and path not like '%broken.png'")
        .selectExpr("replace(regexp_extract(path, '[^/]+$', 0), '%20', ' ') as file", "content as bytes")
        .write().parquet(table.toString());
    Path out = dir.resolve("from-parquet");
    DegradeJob.Result r = DegradeJob.builder().setInput(ImageInput.parquet(table.toString(), "file", "bytes"))
        .setName("Toy").optSeed(11).optOutputDir(out.toString()).optPartitions(3).build().run(LocalSpark.get());
    assertThat(r.failures()).isEmpty();
    assertThat(r.parquet()).isNull();
    assertThat(LocalSpark.sha256All(out, NOT_COMPARED)).isEqualTo(referenceFiles());
    // the temporary table (a sibling of the output folder) is gone
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("robustr1-spark-"));
    }
  }
}
