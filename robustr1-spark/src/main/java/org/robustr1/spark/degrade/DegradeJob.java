package org.robustr1.spark.degrade;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.evalset.EvalSetGenerator;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.ops.OfficialOps;
import org.robustr1.degrade.ops.ParamsCodec;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.spark.io.HadoopFiles;
import org.robustr1.spark.io.SerializableConf;

/**
 * The official Robust-R1 evaluation sets on a Spark cluster: what {@link EvalSetGenerator} ({@code
 * robustr1 degrade eval-set}) does on one machine. Every image gets one official op drawn by the
 * {@code DEGRADATION_CONFIG} weights, applied at 0.9, 0.45 and 0.23 ({@link
 * EvalSetGenerator#plan}, seeded from the base seed and the image id only).
 *
 * <p>Output: a Parquet table, one row per image and track ({@link #SCHEMA}: {@code id, track,
 * intensity, op, params, seed, output_file, record, image, error}), and, with {@link
 * Builder#optOutputDir}, the {@code {name}_Robust_25|50|100/} folders and the {@code
 * degradations.jsonl} manifest of {@code eval-set}, byte for byte the same files for any
 * partitioning. An image that cannot be decoded gets one row with {@code error} set and is reported
 * in {@link Result#failures()}; the others go on.
 */
public final class DegradeJob {

  /** The output table's columns. */
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("track", DataTypes.StringType, true)
      .add("intensity", DataTypes.DoubleType, true)
      .add("op", DataTypes.StringType, true)
      .add("params", DataTypes.StringType, true)
      .add("seed", DataTypes.LongType, true)
      .add("output_file", DataTypes.StringType, true)
      .add("record", DataTypes.StringType, true)
      .add("image", DataTypes.BinaryType, true)
      .add("error", DataTypes.StringType, true);

  /** Relative cost of an image whose drawn op is mean_shift (hundreds of times the others). */
  private static final double MEAN_SHIFT_COST = 100;

  /**
   * What a run did.
   *
   * @param images input images
   * @param outputs degraded images written (three per image)
   * @param failures images that could not be degraded: id to reason, sorted by id
   * @param parquet the Parquet output, or null when it was only a temporary
   * @param manifest the manifest written, or null without an output folder
   */
  public record Result(int images, long outputs, Map<String, String> failures, String parquet, String manifest) {}

  private final ImageInput input;
  private final String name;
  private final long seed;
  private final String outputDir;
  private final String parquet;
  private final int partitions;
  private final boolean overwrite;

  private DegradeJob(Builder b) {
    this.input = b.input;
    this.name = b.name;
    this.seed = b.seed;
    this.outputDir = b.outputDir;
    this.parquet = b.parquet;
    this.partitions = b.partitions;
    this.overwrite = b.overwrite;
  }

  /** A builder; input and name are required, and at least one of the two outputs. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the job on {@code spark}. */
  public Result run(SparkSession spark) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConf conf = new SerializableConf(jsc.hadoopConfiguration());
    ImageInput.Loaded in = input.load(spark, id -> ImageIo.IMAGE_EXTENSIONS.contains(extension(id)));
    int n = partitions > 0 ? partitions : Math.min(in.sizes().size(), 2 * jsc.defaultParallelism());
    Map<String, Double> cost = new LinkedHashMap<>();
    in.sizes().forEach((id, len) -> cost.put(id, Math.max(1, len) * (drawsMeanShift(seed, id) ? MEAN_SHIFT_COST : 1)));
    JavaRDD<ImageBytes> parted = Balance.apply(in.rows(), Balance.assign(cost, n), n);
    JavaRDD<Row> rows = parted.flatMap(new Degrade(name, seed, outputDir, conf));

    String table = parquet != null ? parquet : outputDir.replaceAll("/+$", "") + "-robustr1-spark-" + java.util.UUID.randomUUID();
    try {
      spark.createDataFrame(rows, SCHEMA).write().mode(overwrite || parquet == null ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
          .parquet(table);
      List<Row> summary = spark.read().parquet(table).select("id", "track", "record", "error").collectAsList();
      Map<String, String> failures = new java.util.TreeMap<>();
      List<Row> ok = new ArrayList<>();
      for (Row r : summary) {
        if (!r.isNullAt(3)) {
          failures.put(r.getString(0), r.getString(3));
        } else {
          ok.add(r);
        }
      }
      String manifest = null;
      if (outputDir != null) {
        manifest = writeManifest(ok, conf);
      }
      return new Result(in.sizes().size(), ok.size(), failures, parquet, manifest);
    } finally {
      if (parquet == null) {
        HadoopFiles.deleteRecursively(table, jsc.hadoopConfiguration());
      }
    }
  }

  /** The manifest of {@code eval-set}: images by id, each image's levels in plan order. */
  private String writeManifest(List<Row> ok, SerializableConf conf) throws IOException {
    List<Row> sorted = new ArrayList<>(ok);
    sorted.sort(Comparator.<Row, String>comparing(r -> r.getString(0))
        .thenComparing(r -> EvalSetGenerator.LEVELS.indexOf(Integer.parseInt(r.getString(1)))));
    StringBuilder sb = new StringBuilder();
    for (Row r : sorted) {
      sb.append(r.getString(2)).append('\n');
    }
    HadoopFiles.write(outputDir, EvalSetGenerator.MANIFEST, sb.toString().getBytes(StandardCharsets.UTF_8), conf.get());
    return new org.apache.hadoop.fs.Path(outputDir, EvalSetGenerator.MANIFEST).toString();
  }

  /** Whether the op drawn for {@code id} is mean_shift (the first draw of its random stream). */
  static boolean drawsMeanShift(long seed, String id) {
    SplittableRandom rng = new SplittableRandom(DegradationPipeline.seedFor(seed, id));
    return DegradationPipeline.chooseByWeight(DegradationType.official(), rng) == DegradationType.MEAN_SHIFT;
  }

  static String extension(String id) {
    return ImageIo.extension(Path.of(id.substring(id.lastIndexOf('/') + 1)));
  }

  /** The per-image work of a task: three outputs (or one error row) per image. */
  private static final class Degrade implements FlatMapFunction<ImageBytes, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final long seed;
    private final String outputDir;
    private final SerializableConf conf;

    Degrade(String name, long seed, String outputDir, SerializableConf conf) {
      this.name = name;
      this.seed = seed;
      this.outputDir = outputDir;
      this.conf = conf;
    }

    @Override
    public java.util.Iterator<Row> call(ImageBytes img) throws IOException {
      List<Row> out = new ArrayList<>(EvalSetGenerator.LEVELS.size());
      Mat in;
      try {
        in = ImageIo.decodeBgr(img.content(), Path.of(img.id()));
      } catch (IOException | RuntimeException e) {
        out.add(RowFactory.create(img.id(), null, null, null, null, null, null, null, null, img.id() + ": " + e.getMessage()));
        return out.iterator();
      }
      try {
        ImmutableList<DegradationCase> cases = EvalSetGenerator.plan(seed, name, img.id(), in.cols(), in.rows());
        String ext = extension(img.id());
        for (int k = 0; k < cases.size(); k++) {
          DegradationCase c = cases.get(k);
          Mat d = OfficialOps.of(c.op()).applyMap(in, c.params());
          byte[] bytes;
          try {
            bytes = ImageIo.encode(d, ext);
          } finally {
            d.release();
          }
          if (outputDir != null) {
            HadoopFiles.write(outputDir, c.outputFile(), bytes, conf.get());
          }
          out.add(RowFactory.create(img.id(), Integer.toString(EvalSetGenerator.LEVELS.get(k)), c.intensity(), c.op(),
              ParamsCodec.MAPPER.writeValueAsString(c.params()), c.seed(), c.outputFile(), CaseFiles.toJsonLine(c), bytes,
              null));
        }
      } finally {
        in.release();
      }
      return out.iterator();
    }
  }

  /** Builder of {@link DegradeJob}. */
  public static final class Builder {
    private ImageInput input;
    private String name;
    private long seed;
    private String outputDir;
    private String parquet;
    private int partitions;
    private boolean overwrite;

    private Builder() {}

    /** The images (required). */
    public Builder setInput(ImageInput input) {
      this.input = requireNonNull(input, "input");
      return this;
    }

    /** The data set name of the level folders, e.g. {@code RealWorldQA} (required). */
    public Builder setName(String name) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank() && !name.contains("/") && !name.contains("\\"),
          "name must be a plain folder-name prefix, got '%s'", name);
      this.name = name;
      return this;
    }

    /** The base seed (default 0), as {@code eval-set --seed}. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Writes the level folders and {@code degradations.jsonl} of {@code eval-set} into {@code dir}. */
    public Builder optOutputDir(String dir) {
      this.outputDir = requireNonNull(dir, "dir");
      return this;
    }

    /** Writes the Parquet table to {@code path}. */
    public Builder optParquet(String path) {
      this.parquet = requireNonNull(path, "path");
      return this;
    }

    /** The number of partitions (default: twice Spark's default parallelism, at most one per image). */
    public Builder optPartitions(int partitions) {
      checkArgument(partitions >= 1, "partitions must be >= 1, got %s", partitions);
      this.partitions = partitions;
      return this;
    }

    /** Replaces an existing Parquet output instead of refusing it (default false). */
    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Builds the job. */
    public DegradeJob build() {
      checkState(input != null, "input not set (setInput)");
      checkState(name != null, "name not set (setName)");
      checkState(outputDir != null || parquet != null, "no output: set an output folder, a Parquet path or both");
      return new DegradeJob(this);
    }
  }
}
