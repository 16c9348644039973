package org.robustr1.spark.degrade;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.robustr1.spark.io.HadoopFiles;

/**
 * Where a job's images come from: a folder of image files, read as Spark {@code binaryFile} rows,
 * or a Parquet table with an id column and a column of encoded image bytes.
 */
public final class ImageInput {

  private enum Kind { FOLDER, TREE, PARQUET }

  private final Kind kind;
  private final String path;
  private final String idColumn;
  private final String bytesColumn;

  private ImageInput(Kind kind, String path, String idColumn, String bytesColumn) {
    this.kind = kind;
    this.path = requireNonNull(path, "path");
    this.idColumn = idColumn;
    this.bytesColumn = bytesColumn;
  }

  /** The image files directly inside {@code dir}; the id of each is its file name. */
  public static ImageInput folder(String dir) {
    return new ImageInput(Kind.FOLDER, dir, null, null);
  }

  /**
   * The image files of {@code dir} and every sub-folder; the id of each is its path relative to
   * {@code dir}, {@code /}-separated.
   */
  public static ImageInput tree(String dir) {
    return new ImageInput(Kind.TREE, dir, null, null);
  }

  /**
   * A Parquet table (file or folder) whose column {@code idColumn} holds the image ids (file names
   * with their extension, which picks the output format) and {@code bytesColumn} the encoded
   * images.
   */
  public static ImageInput parquet(String path, String idColumn, String bytesColumn) {
    return new ImageInput(Kind.PARQUET, path, requireNonNull(idColumn, "idColumn"), requireNonNull(bytesColumn, "bytesColumn"));
  }

  /** A description for messages. */
  @Override
  public String toString() {
    return kind == Kind.PARQUET ? "Parquet " + path + " (" + idColumn + ", " + bytesColumn + ")" : "folder " + path;
  }

  /**
   * The input images: ids with their sizes in bytes (driver side, sorted by id) and the lazily
   * read rows.
   *
   * @param sizes id to encoded size
   * @param rows the images
   */
  public record Loaded(LinkedHashMap<String, Long> sizes, JavaRDD<ImageBytes> rows) {}

  /**
   * Lists and reads the images; for folders only the files whose id passes {@code accept}.
   *
   * @throws IllegalArgumentException if there is no image, or a Parquet id repeats or is null
   */
  public Loaded load(SparkSession spark, Predicate<String> accept) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LinkedHashMap<String, Long> sizes = new LinkedHashMap<>();
    if (kind == Kind.PARQUET) {
      Dataset<Row> df = spark.read().parquet(path);
      for (String c : List.of(idColumn, bytesColumn)) {
        checkArgument(List.of(df.columns()).contains(c), "%s has no column '%s' (columns: %s); name it with --id-col/--bytes-col",
            path, c, String.join(", ", df.columns()));
      }
      List<Row> ids = df.select(col(idColumn), length(col(bytesColumn))).collectAsList();
      Set<String> seen = new HashSet<>();
      List<String> sorted = new ArrayList<>();
      for (Row r : ids) {
        checkArgument(!r.isNullAt(0), "%s: a row has a null %s", path, idColumn);
        checkArgument(seen.add(r.getString(0)), "%s: image id '%s' appears twice in column %s", path, r.getString(0), idColumn);
        sorted.add(r.getString(0));
      }
      Map<String, Long> len = new HashMap<>();
      ids.forEach(r -> len.put(r.getString(0), r.isNullAt(1) ? 0L : r.getInt(1)));
      sorted.stream().sorted().forEach(id -> sizes.put(id, len.get(id)));
      checkArgument(!sizes.isEmpty(), "%s holds no rows", path);
      String idc = idColumn;
      String bc = bytesColumn;
      JavaRDD<ImageBytes> rows = df.select(col(idc), col(bc)).javaRDD()
          .map(r -> new ImageBytes(r.getString(0), r.isNullAt(1) ? new byte[0] : (byte[]) r.get(1)));
      return new Loaded(sizes, rows);
    }
    List<HadoopFiles.Listed> files = HadoopFiles.list(path, kind == Kind.TREE, accept, jsc.hadoopConfiguration());
    checkArgument(!files.isEmpty(), "input folder %s holds no image files", path);
    Map<String, String> idByPath = new HashMap<>();
    String[] paths = new String[files.size()];
    for (int k = 0; k < files.size(); k++) {
      HadoopFiles.Listed f = files.get(k);
      sizes.put(f.id(), f.length());
      idByPath.put(new Path(f.path()).toUri().getPath(), f.id());
      paths[k] = f.path();
    }
    Broadcast<Map<String, String>> ids = jsc.broadcast(idByPath);
    JavaRDD<ImageBytes> rows = spark.read().format("binaryFile").load(paths).select("path", "content").javaRDD()
        .map(r -> {
          String p = new Path(r.getString(0)).toUri().getPath();
          String id = ids.value().get(p);
          if (id == null) {
            throw new IllegalStateException("binaryFile row " + r.getString(0) + " is not one of the listed inputs");
          }
          return new ImageBytes(id, (byte[]) r.get(1));
        });
    return new Loaded(sizes, rows);
  }
}
