package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.io.OpenCv;
import picocli.CommandLine;

class ImageNetCCommandTest {

  @TempDir Path tmp;

  @Test
  void corruptsAFolderAndReportsBadFiles() throws Exception {
    OpenCv.load();
    Path in = Files.createDirectories(tmp.resolve("in"));
    Mat m = new Mat(48, 64, CvType.CV_8UC3, new Scalar(30, 120, 200));
    Core.randu(m, 0, 255);
    Imgcodecs.imwrite(in.resolve("x.png").toString(), m);
    m.release();
    Files.writeString(in.resolve("bad.jpg"), "garbage");
    Path out = tmp.resolve("out");
    StringWriter so = new StringWriter();
    StringWriter se = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(so));
    cl.setErr(new PrintWriter(se));
    int rc =
        cl.execute(
            "degrade", "imagenet-c", "--in", in.toString(), "--out", out.toString(), "--severities", "2-3",
            "--corruptions", "fog,pixelate", "--threads", "2");
    assertThat(rc).isEqualTo(1);
    assertThat(out.resolve("fog/2/x.png")).isRegularFile();
    assertThat(out.resolve("pixelate/3/x.png")).isRegularFile();
    assertThat(out.resolve("fog/1")).doesNotExist();
    assertThat(so.toString()).contains("1 images, 4 files written");
    assertThat(se.toString()).contains("skipped " + in.resolve("bad.jpg"));
  }

  @Test
  void parsesSeveritiesAndCorruptions() {
    assertThat(ImageNetCCommand.parseSeverities("1-5")).containsExactly(1, 2, 3, 4, 5);
    assertThat(ImageNetCCommand.parseSeverities("5,1,3")).containsExactly(1, 3, 5);
    assertThatThrownBy(() -> ImageNetCCommand.parseSeverities("0-2"))
        .hasMessageContaining("severity must be in 1..5, got 0");
    assertThatThrownBy(() -> ImageNetCCommand.parseSeverities("a"))
        .hasMessageContaining("'a' is not a number");
    assertThat(ImageNetCCommand.parseCorruptions("common")).hasSize(15);
    assertThat(ImageNetCCommand.parseCorruptions("all")).hasSize(19);
    assertThat(ImageNetCCommand.parseCorruptions("Zoom Blur, fog"))
        .containsExactly(DegradationType.C_ZOOM_BLUR, DegradationType.C_FOG);
  }

  @Test
  void badOptionsGiveExitCodeTwo() {
    CommandLine cl = RobustR1Command.commandLine();
    StringWriter se = new StringWriter();
    cl.setErr(new PrintWriter(se));
    int rc = cl.execute("degrade", "imagenet-c", "--in", tmp.toString(), "--out", tmp.resolve("o").toString(), "--severities", "7");
    assertThat(rc).isEqualTo(2);
    assertThat(se.toString()).contains("severity must be in 1..5, got 7");
  }
}
