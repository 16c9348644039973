package org.robustr1.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.imagenetc.ImageNetC;
import org.robustr1.spark.degrade.ImageInput;
import org.robustr1.spark.degrade.ImageNetCJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1-spark imagenet-c}: ImageNet-C corruptions of a folder tree ({@link ImageNetCJob}). */
@Command(
    name = "imagenet-c",
    mixinStandardHelpOptions = true,
    description = {
      "The corruptions of `robustr1 imagenet-c` on Spark, into OUT/{corruption}/{severity}/{relative path}",
      "and/or a Parquet table; the same files for any partitioning."
    })
final class ImageNetCCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SparkCommand.SparkOptions sparkOptions = new SparkCommand.SparkOptions();

  @Option(names = "--in", required = true, description = "folder of clean images (searched recursively)")
  String in;

  @Option(names = "--out", description = "output root (any Hadoop path)")
  String out;

  @Option(names = "--parquet", description = "Parquet output: id, corruption, severity, seed, output_file, image, error")
  String parquet;

  @Option(names = "--corruptions", defaultValue = "common", description = "common, extra, all or a comma list of names")
  String corruptions;

  @Option(names = "--severities", defaultValue = "1,2,3,4,5", description = "comma list of 1..5")
  String severities;

  @Option(names = "--seed", defaultValue = "0", description = "base seed")
  long seed;

  @Option(names = "--jpeg-quality", defaultValue = "85", description = "quality of JPEG outputs")
  int jpegQuality;

  @Option(names = "--overwrite", description = "replace an existing Parquet output")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    if (out == null && parquet == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --out, --parquet or both");
    }
    List<DegradationType> types = switch (corruptions) {
      case "common" -> ImageNetC.common();
      case "extra" -> ImageNetC.extra();
      case "all" -> ImageNetC.all();
      default -> {
        List<DegradationType> l = new ArrayList<>();
        for (String c : corruptions.split(",")) {
          l.add(DegradationType.imagenetC(c.trim()));
        }
        yield l;
      }
    };
    List<Integer> levels = new ArrayList<>();
    for (String s : severities.split(",")) {
      levels.add(Integer.parseInt(s.trim()));
    }
    ImageNetCJob.Builder b = ImageNetCJob.builder().setInput(ImageInput.tree(in)).optCorruptions(types)
        .optSeverities(levels).optSeed(seed).optJpegQuality(jpegQuality).optOverwrite(overwrite);
    if (out != null) {
      b.optOutputDir(out);
    }
    if (parquet != null) {
      b.optParquet(parquet);
    }
    if (sparkOptions.partitions != null) {
      b.optPartitions(sparkOptions.partitions);
    }
    ImageNetCJob job = b.build();
    SparkSession spark = sparkOptions.session("robustr1 imagenet-c");
    ImageNetCJob.Result r = job.run(spark);
    PrintWriter o = spec.commandLine().getOut();
    for (Map.Entry<String, String> f : r.failures().entrySet()) {
      spec.commandLine().getErr().println("FAILED " + f.getValue());
    }
    o.printf("%d images: %d outputs, %d failed%n", r.images(), r.outputs(), r.failures().size());
    o.flush();
    spec.commandLine().getErr().flush();
    return r.failures().isEmpty() ? 0 : 1;
  }
}
