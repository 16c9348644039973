package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;
import org.robustr1.model.device.Devices;
import picocli.CommandLine;

/**
 * {@code --device} on a machine without a visible GPU: {@code gpu} ends the command with one line
 * and exit code 2 before anything is loaded, {@code auto} runs on the CPU and says so; {@code
 * --dtype bf16} with the stock JNI and {@code --dtype fp16} for training are refused with one line.
 */
class DeviceOptionTest {

  record Run(int rc, String out, String err, String stderr) {}

  /** Runs a command; System.err is captured too (replaced before the command line is built). */
  static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = RobustR1Command.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int rc = cli.execute(args);
      return new Run(rc, out.toString(), err.toString(), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void gpuThatIsNotVisibleExitsTwoWithOneLine(@TempDir Path dir) {
    assumeTrue(Devices.visibleGpus() == 0, "a GPU is visible here");
    for (String[] args :
        new String[][] {
          {"generate", "--model", dir.toString(), "--question", "q", "--device", "gpu"},
          {"demo", "--out", dir.resolve("demo").toString(), "--quick", "--device", "gpu:1"},
          {"sft", "--model", dir.toString(), "--data", dir.resolve("x.jsonl").toString(), "--images", dir.toString(),
            "--out", dir.resolve("sft").toString(), "--device", "gpu"},
        }) {
      Run r = run(args);
      String cmd = args[0];
      // every one a user error (exit 2); sft reads its data first, so there it is the missing file
      assertThat(r.rc()).as(r.err() + r.stderr()).isEqualTo(2);
      if (cmd.equals("sft")) {
        // sft reads its data first: a missing data file is the first error
        continue;
      }
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err())
          .startsWith("robustr1 " + cmd + ": --device gpu")
          .contains("no GPU is visible")
          .contains("libcudart")
          .contains("PYTORCH_FLAVOR");
      assertThat(dir.resolve("demo")).doesNotExist();
    }
  }

  @Test
  void autoRunsOnTheCpuAndSaysSo() {
    assumeTrue(Devices.visibleGpus() == 0, "a GPU is visible here");
    Optional<Path> fx = SharedData.resolve("golden/qwen25vl-tiny-a");
    assumeTrue(fx.isPresent(), SharedData.MISSING);
    Path dir = fx.get();
    Run r = run("generate", "--model", dir.toString(), "--image", dir.resolve("image_0.png").toString(),
        "--question", "What is it?", "--greedy", "--max-new-tokens", "2", "--device", "auto");
    assertThat(r.rc()).as(r.err() + r.stderr()).isZero();
    assertThat(r.stderr()).contains("device: cpu (--device auto: no GPU is visible, running on the CPU)");
    assertThat(r.out()).isNotBlank();
  }

  @Test
  void bf16WithTheStockJniIsRefusedNamingTheAlternatives(@TempDir Path dir) {
    Run r = run("generate", "--model", dir.toString(), "--question", "q", "--device", "cpu", "--dtype", "bf16");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("--dtype bf16").contains("use --dtype fp16 or fp32");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void halfPrecisionIsForInferenceOnly(@TempDir Path dir) {
    Run r = run("demo", "--out", dir.resolve("demo").toString(), "--quick", "--device", "cpu", "--dtype", "fp16");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("--dtype fp16 is for inference").contains("fp32 master weights");
    Run bad = run("generate", "--model", dir.toString(), "--question", "q", "--device", "tpu");
    assertThat(bad.rc()).isEqualTo(2);
    assertThat(bad.err()).contains("device must be auto, cpu, gpu or gpu:N");
  }
}
