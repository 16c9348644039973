package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.testing.SharedData;
import picocli.CommandLine;

class DegradeCommandTest {

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void replayGoldenCasesAndManifestInOneJvm() throws Exception {
    Assumptions.assumeTrue(SharedData.resolve("golden/degrade-robust-r1").isPresent(), SharedData.MISSING);
    Path g = SharedData.resolve("golden/degrade-robust-r1").get();
    String[] cases = {
      "gaussian_noise/coffee_320x240_i090.json", "watermark_damage/astronaut_224x224_i045.json", "graffiti/coffee_224x224_i090.json"
    };
    // the same cases again as a .jsonl manifest
    StringBuilder jsonl = new StringBuilder();
    for (String c : cases) {
      jsonl.append(Files.readString(g.resolve(c)).replace("\n", "")).append('\n');
    }
    Path manifest = tmp.resolve("m.jsonl");
    Files.writeString(manifest, jsonl);
    Path o = tmp.resolve("out");
    int rc = run("degrade", "replay", "--cases", g.resolve(cases[0]).toString(), g.resolve(cases[1]).toString(),
        g.resolve(cases[2]).toString(), manifest.toString(), "--root", g.toString(), "--out", o.toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("replayed 6 of 6 cases");
    for (String c : cases) {
      String png = c.replace(".json", ".png");
      Mat want = ImageIo.readBgr(g.resolve(png));
      Mat got = ImageIo.readBgr(o.resolve(png));
      assertThat(ImageIo.bytes(got)).as(png).isEqualTo(ImageIo.bytes(want));
    }
  }

  @Test
  void replayReportsBadCasesWithPathAndExitCode1() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"op\": \"motion_blur\", \"intensity\": 0.5, \"inputFile\": \"nope.png\", \"outputFile\": \"x.png\", \"params\": {\"degree\": 5, \"angleDeg\": 1.0}}");
    int rc = run("degrade", "replay", "--cases", bad.toString(), "--root", tmp.toString(), "--out", tmp.resolve("o").toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString()).contains("FAILED").contains("nope.png");
  }

  @Test
  void replayRefusesCasesNamingPathsOutsideRootOrOutAndWritesNothingThere() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    ImageIo.writeBgr(root.resolve("in.png"), BundledImages.houseBgr());
    Path secret = tmp.resolve("secret.png");
    ImageIo.writeBgr(secret, BundledImages.houseBgr());
    Files.createSymbolicLink(root.resolve("link.png"), secret);
    String params = "\"params\": {\"degree\": 5, \"angleDeg\": 1.0}";
    String good = "{\"op\": \"motion_blur\", \"intensity\": 0.5, \"inputFile\": \"in.png\", \"outputFile\": \"ok.png\", " + params + "}";
    Path o = tmp.resolve("o");
    Path m = tmp.resolve("cases.jsonl");
    Files.write(m, java.util.List.of(
        good,
        good.replace("ok.png", "../escaped.png"),
        good.replace("ok.png", tmp.resolve("abs.png").toString()),
        good.replace("\"in.png\"", "\"" + secret + "\""),
        good.replace("\"in.png\"", "\"link.png\"").replace("ok.png", "via-link.png")));
    int rc = run("degrade", "replay", "--cases", m.toString(), "--root", root.toString(), "--out", o.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString())
        .contains("case " + m + ":2 refused: outputFile: path '../escaped.png' contains '..'")
        .contains("case " + m + ":3 refused: outputFile: path '" + tmp.resolve("abs.png") + "' is absolute")
        .contains("case " + m + ":4 refused: inputFile: path '" + secret + "' is absolute")
        .contains("case " + m + ":5 refused: inputFile: path 'link.png' leaves " + root + " through a symbolic link");
    assertThat(out.toString()).contains("replayed 1 of 1 cases");
    assertThat(o.resolve("ok.png")).isRegularFile();
    assertThat(tmp.resolve("escaped.png")).doesNotExist();
    assertThat(tmp.resolve("abs.png")).doesNotExist();
    assertThat(o.resolve("via-link.png")).doesNotExist();
  }

  @Test
  void evalSetWritesThreeLevelsAndManifest() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    ImageIo.writeBgr(in.resolve("house.png"), BundledImages.houseBgr());
    Files.writeString(in.resolve("broken.jpg"), "garbage");
    Path o = tmp.resolve("sets");
    int rc = run("degrade", "eval-set", "--in", in.toString(), "--out", o.toString(), "--name", "Demo", "--seed", "7",
        "--threads", "2", "--no-progress");
    assertThat(rc).isEqualTo(1);
    // the failure is reported once, naming the file once
    String broken = in.resolve("broken.jpg").toString();
    assertThat(err.toString().lines().filter(l -> l.contains("broken.jpg"))).singleElement().asString()
        .startsWith("FAILED " + broken + ": ").satisfies(l -> assertThat(l.split(java.util.regex.Pattern.quote(broken), -1)).hasSize(2));
    assertThat(o.resolve("provenance.json")).exists();
    assertThat(o.resolve("resolved_config.yaml")).exists();
    for (String level : new String[] {"25", "50", "100"}) {
      assertThat(o.resolve("Demo_Robust_" + level + "/house.png")).isRegularFile();
    }
    assertThat(Files.readAllLines(o.resolve("degradations.jsonl"))).hasSize(3);
  }

  @Test
  void evalSetResumedWithAnotherSeedOrNameIsRefusedNamingIt() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    ImageIo.writeBgr(in.resolve("house.png"), BundledImages.houseBgr());
    Path o = tmp.resolve("sets");
    assertThat(run("degrade", "eval-set", "--in", in.toString(), "--out", o.toString(), "--name", "Demo", "--seed", "5",
        "--no-progress")).as(err.toString()).isZero();
    byte[] seed5 = Files.readAllBytes(o.resolve("Demo_Robust_50/house.png"));
    assertThat(run("degrade", "eval-set", "--in", in.toString(), "--out", o.toString(), "--name", "Demo", "--seed", "6",
        "--no-progress")).isNotZero();
    assertThat(err.toString()).contains("seed: was '5', now '6'").contains("--overwrite");
    assertThat(run("degrade", "eval-set", "--in", in.toString(), "--out", o.toString(), "--name", "U", "--seed", "5",
        "--no-progress")).isNotZero();
    assertThat(err.toString()).contains("name: was 'Demo', now 'U'");
    assertThat(Files.readAllBytes(o.resolve("Demo_Robust_50/house.png"))).isEqualTo(seed5);
    assertThat(o.resolve("U_Robust_50")).doesNotExist();
    assertThat(run("degrade", "eval-set", "--in", in.toString(), "--out", o.toString(), "--name", "U", "--seed", "5",
        "--no-progress", "--overwrite")).as(err.toString()).isZero();
    assertThat(o.resolve("U_Robust_50/house.png")).isRegularFile();
    assertThat(o.resolve("Demo_Robust_50")).doesNotExist();
  }

  @Test
  void sampleDegradesTheBundledImage() throws Exception {
    Path png = tmp.resolve("d.png");
    int rc = run("degrade", "sample", "--seed", "3", "--out", png.toString());
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains("acquisition").contains("postprocessing").contains("total intensity");
    assertThat(ImageIo.readBgr(png).cols()).isEqualTo(320);
    out.getBuffer().setLength(0);
    rc = run("degrade", "sample", "--seed", "3", "--mode", "OFFICIAL", "--intensity", "0.45", "--json");
    assertThat(rc).isZero();
    assertThat(out.toString()).contains("\"intensity\":0.45").contains("\"params\"");
  }

  @Test
  void degradeWithoutSubcommandPrintsUsage() {
    assertThat(run("degrade")).isZero();
    assertThat(out.toString()).contains("sample").contains("replay").contains("eval-set");
  }
}
