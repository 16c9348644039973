package org.robustr1.spark.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.robustr1.cli.RobustR1Command;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.spark.LocalSpark;
import picocli.CommandLine;

/** The Spark ImageNet-C job against {@code robustr1 imagenet-c}: the same tree, byte for byte. */
class ImageNetCJobTest {

  @Test
  void sameTreeAsImageNetCCommand(@TempDir Path dir) throws Exception {
    OpenCv.load();
    Path in = dir.resolve("in");
    String[] names = {"n01/a.png", "n01/b.jpg", "n02/c.png", "d.jpg"};
    for (int k = 0; k < names.length; k++) {
      Mat m = new Mat(48 + 4 * k, 40 + 8 * k, CvType.CV_8UC3);
      Core.randu(m, 0, 256);
      ImageIo.writeBgr(in.resolve(names[k]), m);
      m.release();
    }
    Path ref = dir.resolve("ref");
    StringWriter sw = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    int code = cl.execute("degrade", "imagenet-c", "--in", in.toString(), "--out", ref.toString(), "--corruptions",
        "gaussian_noise,jpeg_compression", "--severities", "1,4", "--seed", "3", "--threads", "1");
    assertThat(code).as(sw.toString()).isZero();
    Path out = dir.resolve("spark");
    ImageNetCJob.Result r = ImageNetCJob.builder().setInput(ImageInput.tree(in.toString()))
        .optCorruptions(List.of(DegradationType.imagenetC("gaussian_noise"), DegradationType.imagenetC("jpeg_compression")))
        .optSeverities(List.of(1, 4)).optSeed(3).optOutputDir(out.toString()).optPartitions(3)
        .build().run(LocalSpark.get());
    assertThat(r.images()).isEqualTo(4);
    assertThat(r.outputs()).as("%s", r.failures()).isEqualTo(4 * 2 * 2);
    assertThat(r.failures()).isEmpty();
    assertThat(LocalSpark.sha256All(out, Set.of())).hasSize(16).isEqualTo(LocalSpark.sha256All(ref, Set.of()));
  }
}
