package org.robustr1.spark;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.robustr1.spark.degrade.DegradeJob;
import org.robustr1.spark.degrade.ImageInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1-spark degrade}: the official 25/50/100 % evaluation sets ({@link DegradeJob}). */
@Command(
    name = "degrade",
    mixinStandardHelpOptions = true,
    description = {
      "The evaluation sets of `robustr1 degrade eval-set` on Spark: one official op per image at",
      "0.9 / 0.45 / 0.23, seeded by --seed and the file name only, so the same files for any partitioning.",
      "Writes a Parquet table (--parquet) and/or the NAME_Robust_25|50|100 folders with",
      "degradations.jsonl (--out). Undecodable images are reported and skipped (exit code 1)."
    })
final class DegradeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SparkCommand.SparkOptions sparkOptions = new SparkCommand.SparkOptions();

  @Option(names = "--in", required = true, description = "folder of images, or a Parquet table with --in-parquet")
  String in;

  @Option(names = "--in-parquet", description = "read --in as Parquet (columns --id-col, --bytes-col)")
  boolean inParquet;

  @Option(names = "--id-col", defaultValue = "id", description = "Parquet input: the image id (file name) column")
  String idCol;

  @Option(names = "--bytes-col", defaultValue = "content", description = "Parquet input: the encoded image column")
  String bytesCol;

  @Option(names = "--out", description = "folder for the level folders and degradations.jsonl (any Hadoop path)")
  String out;

  @Option(names = "--parquet", description = "Parquet output: id, track, intensity, op, params, seed, output_file, record, image, error")
  String parquet;

  @Option(names = "--name", required = true, description = "data set name, e.g. RealWorldQA")
  String name;

  @Option(names = "--seed", required = true, description = "base seed")
  long seed;

  @Option(names = "--overwrite", description = "replace an existing Parquet output")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    if (out == null && parquet == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --out, --parquet or both");
    }
    PrintWriter o = spec.commandLine().getOut();
    DegradeJob.Builder b = DegradeJob.builder()
        .setInput(inParquet ? ImageInput.parquet(in, idCol, bytesCol) : ImageInput.folder(in))
        .setName(name).optSeed(seed).optOverwrite(overwrite);
    if (out != null) {
      b.optOutputDir(out);
    }
    if (parquet != null) {
      b.optParquet(parquet);
    }
    if (sparkOptions.partitions != null) {
      b.optPartitions(sparkOptions.partitions);
    }
    DegradeJob job = b.build();
    SparkSession spark = sparkOptions.session("robustr1 degrade " + name);
    long t0 = System.nanoTime();
    DegradeJob.Result r = job.run(spark);
    double s = (System.nanoTime() - t0) / 1e9;
    for (Map.Entry<String, String> f : r.failures().entrySet()) {
      spec.commandLine().getErr().println("FAILED " + f.getValue());
    }
    o.printf("%d images: %d outputs (%.1f images/s), %d failed%s%s%n", r.images(), r.outputs(),
        (r.images() - r.failures().size()) / Math.max(s, 1e-9), r.failures().size(),
        r.manifest() == null ? "" : "; manifest " + r.manifest(), r.parquet() == null ? "" : "; table " + r.parquet());
    o.flush();
    spec.commandLine().getErr().flush();
    return r.failures().isEmpty() ? 0 : 1;
  }
}
