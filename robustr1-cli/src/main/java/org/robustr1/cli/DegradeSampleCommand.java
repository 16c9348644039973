package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.ops.ParamsCodec;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1 degrade sample}: degrades one image (by default the bundled picture) and prints its record. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Degrade one image with the seeded pipeline and print what was applied.",
      "Without --image the bundled 320x240 demo picture is used."
    })
public final class DegradeSampleCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--image", paramLabel = "FILE", description = "input image (default: bundled demo picture)")
  Path image;

  @Option(names = "--seed", defaultValue = "0", description = "base seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--mode",
      defaultValue = "COMPOSITE",
      description = "COMPOSITE (one op per stage) or OFFICIAL (one op by the official weights); default ${DEFAULT-VALUE}.")
  DegradationPipeline.Mode mode;

  @Option(names = "--intensity", paramLabel = "X", description = "fixed intensity in [0, 1] (default: uniform 0.1..0.9)")
  Double intensity;

  @Option(names = "--out", paramLabel = "FILE", description = "write the degraded image here (format from the extension)")
  Path out;

  @Option(names = "--json", description = "print the full record (every parameter) as JSON lines")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    if (out != null) {
      Preflight.imageOutput("--out", out);
    }
    DegradationPipeline.Builder b = DegradationPipeline.builder().optMode(mode).optSeed(seed);
    if (intensity != null) {
      b.optIntensity(intensity);
    }
    DegradationPipeline pipeline = b.build();
    Mat in = image == null ? BundledImages.houseBgr() : ImageIo.readBgr(image);
    String id = image == null ? "bundled:" + BundledImages.HOUSE : image.getFileName().toString();
    DegradationPipeline.DegradedMat d = pipeline.degrade(in, id);
    try {
      if (out != null) {
        ImageIo.writeBgr(out, d.image());
      }
      o.printf("image %s (%dx%d), mode %s, seed %d%n", id, in.cols(), in.rows(), mode, seed);
      for (AppliedDegradation s : d.record().steps()) {
        if (json) {
          o.println(
              ParamsCodec.MAPPER.writeValueAsString(
                  Map.of("op", s.type().opName(), "intensity", s.intensity().value(), "params", s.params())));
        } else {
          String stage = s.type().stage().map(Enum::name).orElse("-").toLowerCase(java.util.Locale.ROOT);
          o.printf("  %-15s %s(%.2f)  %s%n", stage, s.type().chainName(), s.intensity().value(), brief(s.params()));
        }
      }
      o.printf("total intensity %.2f%n", d.record().totalIntensity());
      if (out != null) {
        o.println("wrote " + out);
      }
    } finally {
      in.release();
      d.image().release();
    }
    o.flush();
    return 0;
  }

  private static String brief(Map<String, Object> params) throws Exception {
    String s = ParamsCodec.MAPPER.writeValueAsString(params);
    return s.length() <= 100 ? s : s.substring(0, 97) + "...";
  }
}
