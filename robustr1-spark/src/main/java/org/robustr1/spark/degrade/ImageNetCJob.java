package org.robustr1.spark.degrade;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.imagenetc.ImageNetC;
import org.robustr1.degrade.imagenetc.ImageNetCBatch;
import org.robustr1.spark.io.HadoopFiles;
import org.robustr1.spark.io.SerializableConf;

/**
 * ImageNet-C on a Spark cluster: what {@link ImageNetCBatch} ({@code robustr1 imagenet-c}) does on
 * one machine. Every image of a folder tree gets every chosen corruption at every chosen severity,
 * each output seeded by {@link ImageNetCBatch#outputSeed} from the base seed, the image's relative
 * path, the corruption and the severity only.
 *
 * <p>Output: a Parquet table ({@link #SCHEMA}: {@code id, corruption, severity, seed, output_file,
 * image, error}) and, with {@link Builder#optOutputDir}, the ImageNet-C release layout {@code
 * {corruption}/{severity}/{relative path}} of {@code imagenet-c}, the same bytes for any
 * partitioning.
 */
public final class ImageNetCJob {

  /** The output table's columns. */
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("corruption", DataTypes.StringType, true)
      .add("severity", DataTypes.IntegerType, true)
      .add("seed", DataTypes.LongType, true)
      .add("output_file", DataTypes.StringType, true)
      .add("image", DataTypes.BinaryType, true)
      .add("error", DataTypes.StringType, true);

  /**
   * What a run did.
   *
   * @param images input images
   * @param outputs corrupted images written
   * @param failures images that could not be corrupted: id to reason, sorted by id
   */
  public record Result(int images, long outputs, Map<String, String> failures) {}

  private final ImageInput input;
  private final List<DegradationType> corruptions;
  private final List<Integer> severities;
  private final long seed;
  private final int jpegQuality;
  private final String outputDir;
  private final String parquet;
  private final int partitions;
  private final boolean overwrite;

  private ImageNetCJob(Builder b) {
    this.input = b.input;
    this.corruptions = List.copyOf(b.corruptions);
    this.severities = List.copyOf(b.severities);
    this.seed = b.seed;
    this.jpegQuality = b.jpegQuality;
    this.outputDir = b.outputDir;
    this.parquet = b.parquet;
    this.partitions = b.partitions;
    this.overwrite = b.overwrite;
  }

  /** A builder; the input and at least one output are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the job on {@code spark}. */
  public Result run(SparkSession spark) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConf conf = new SerializableConf(jsc.hadoopConfiguration());
    ImageInput.Loaded in = input.load(spark, id -> {
      String name = id.substring(id.lastIndexOf('/') + 1);
      int dot = name.lastIndexOf('.');
      return dot > 0 && ImageNetCBatch.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    });
    int n = partitions > 0 ? partitions : Math.min(in.sizes().size(), 2 * jsc.defaultParallelism());
    Map<String, Double> cost = new LinkedHashMap<>();
    in.sizes().forEach((id, len) -> cost.put(id, (double) Math.max(1, len)));
    List<String> names = corruptions.stream().map(DegradationType::opName).toList();
    JavaRDD<Row> rows = Balance.apply(in.rows(), Balance.assign(cost, n), n)
        .flatMap(new Corrupt(names, severities, seed, jpegQuality, outputDir, conf));
    String table = parquet != null ? parquet : outputDir.replaceAll("/+$", "") + "-robustr1-spark-" + java.util.UUID.randomUUID();
    try {
      spark.createDataFrame(rows, SCHEMA).write().mode(overwrite || parquet == null ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
          .parquet(table);
      Map<String, String> failures = new TreeMap<>();
      long ok = 0;
      for (Row r : spark.read().parquet(table).select("id", "error").collectAsList()) {
        if (r.isNullAt(1)) {
          ok++;
        } else {
          failures.put(r.getString(0), r.getString(1));
        }
      }
      return new Result(in.sizes().size(), ok, failures);
    } finally {
      if (parquet == null) {
        HadoopFiles.deleteRecursively(table, jsc.hadoopConfiguration());
      }
    }
  }

  /** Every corruption and severity of one image. */
  private static final class Corrupt implements FlatMapFunction<ImageBytes, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> corruptions;
    private final List<Integer> severities;
    private final long seed;
    private final int jpegQuality;
    private final String outputDir;
    private final SerializableConf conf;

    Corrupt(List<String> corruptions, List<Integer> severities, long seed, int jpegQuality, String outputDir,
        SerializableConf conf) {
      this.corruptions = new ArrayList<>(corruptions);
      this.severities = new ArrayList<>(severities);
      this.seed = seed;
      this.jpegQuality = jpegQuality;
      this.outputDir = outputDir;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(ImageBytes img) throws IOException {
      List<Row> out = new ArrayList<>();
      RgbImage rgb;
      try {
        rgb = ImageNetCBatch.decode(img.content(), img.id());
      } catch (RuntimeException e) {
        out.add(RowFactory.create(img.id(), null, null, null, null, null, img.id() + ": " + e.getMessage()));
        return out.iterator();
      }
      ImageNetC engine = Engine.INSTANCE;
      String fileName = img.id().substring(img.id().lastIndexOf('/') + 1);
      for (String c : corruptions) {
        DegradationType t = DegradationType.imagenetC(c);
        for (int s : severities) {
          long outSeed = ImageNetCBatch.outputSeed(seed, img.id(), t, s);
          byte[] bytes;
          try {
            bytes = ImageNetCBatch.encode(engine.corrupt(rgb, t, s, new SplittableRandom(outSeed)), fileName, jpegQuality);
          } catch (RuntimeException e) {
            // as ImageNetCBatch: an image that cannot be corrupted is skipped whole
            List<Row> one = new ArrayList<>();
            one.add(RowFactory.create(img.id(), null, null, null, null, null, img.id() + ": " + e.getMessage()));
            return one.iterator();
          }
          String rel = c + "/" + s + "/" + img.id();
          if (outputDir != null) {
            HadoopFiles.write(outputDir, rel, bytes, conf.get());
          }
          out.add(RowFactory.create(img.id(), c, s, outSeed, rel, bytes, null));
        }
      }
      return out.iterator();
    }
  }

  /** One default engine per executor JVM (its frost textures are loaded once). */
  private static final class Engine {
    static final ImageNetC INSTANCE = ImageNetC.create();
  }

  /** Builder of {@link ImageNetCJob}. */
  public static final class Builder {
    private ImageInput input;
    private List<DegradationType> corruptions = ImageNetC.common();
    private List<Integer> severities = List.of(1, 2, 3, 4, 5);
    private long seed;
    private int jpegQuality = 85;
    private String outputDir;
    private String parquet;
    private int partitions;
    private boolean overwrite;

    private Builder() {}

    /** The images (required; {@link ImageInput#tree} keeps the relative paths of {@code imagenet-c}). */
    public Builder setInput(ImageInput input) {
      this.input = requireNonNull(input, "input");
      return this;
    }

    /** The corruptions (default: the 15 benchmark ones). */
    public Builder optCorruptions(List<DegradationType> types) {
      checkArgument(!types.isEmpty(), "at least one corruption is required");
      this.corruptions = List.copyOf(types);
      return this;
    }

    /** The severities (default 1–5). */
    public Builder optSeverities(List<Integer> levels) {
      checkArgument(!levels.isEmpty(), "at least one severity is required");
      levels.forEach(s -> checkArgument(s >= ImageNetC.MIN_SEVERITY && s <= ImageNetC.MAX_SEVERITY,
          "severity must be in 1..5, got %s", s));
      this.severities = List.copyOf(levels);
      return this;
    }

    /** The base seed (default 0), as {@code imagenet-c --seed}. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** JPEG quality of JPEG outputs (default 85, as the ImageNet-C release). */
    public Builder optJpegQuality(int quality) {
      checkArgument(quality >= 1 && quality <= 100, "JPEG quality must be in 1..100, got %s", quality);
      this.jpegQuality = quality;
      return this;
    }

    /** Writes the release layout into {@code dir}. */
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
    public ImageNetCJob build() {
      checkState(input != null, "input not set (setInput)");
      checkState(outputDir != null || parquet != null, "no output: set an output folder, a Parquet path or both");
      return new ImageNetCJob(this);
    }
  }
}
