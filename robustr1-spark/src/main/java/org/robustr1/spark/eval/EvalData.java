package org.robustr1.spark.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.McqDataset;

/**
 * The benchmark files of {@code robustr1 eval}'s {@code --bench} values that are multiple-choice
 * TSVs (MMStar, RealWorldQA, R-Bench MCQ, MMMB), loaded as {@link McqDataset}s with the
 * benchmark options, and cached once per JVM on the executors.
 */
final class EvalData {

  private static final Map<String, McqDataset> CACHE = new ConcurrentHashMap<>();

  private EvalData() {}

  /** The dataset of {@code bench} in {@code data} (a file, or a folder for MMMB). */
  static McqDataset load(String bench, Path data) {
    McqDataset.Options opts = McqDataset.Options.benchmark().withPolicy(BadInputPolicy.FAIL);
    String fileName = data.getFileName().toString().toLowerCase(Locale.ROOT);
    return switch (bench.toLowerCase(Locale.ROOT)) {
      case "mmstar" -> McqDataset.load(data, "MMStar", opts);
      case "realworldqa" -> McqDataset.load(data, "RealWorldQA", opts);
      case "rbench" -> McqDataset.load(data, fileName.contains("ref") ? "R-Bench-Ref" : "R-Bench-Dis", opts);
      case "mmmb" -> {
        if (Files.isDirectory(data)) {
          Map<String, Path> files = new LinkedHashMap<>();
          McqDataset.MMMB_LANGUAGES.forEach(l -> files.put(l, data.resolve("mmmb_" + l + ".tsv")));
          yield McqDataset.mmmb(files, opts);
        }
        String lang = McqDataset.MMMB_LANGUAGES.stream().filter(l -> fileName.contains("_" + l + ".")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "MMMB data must be a folder or an mmmb_{ar,cn,en,pt,ru,tr}.tsv file: " + data));
        yield McqDataset.load(data, "MMMB_" + lang, opts);
      }
      default -> throw new IllegalArgumentException(
          "the Spark eval job runs mmstar, mmmb, realworldqa or rbench, not '" + bench + "'");
    };
  }

  /**
   * The dataset on an executor, loaded once per JVM: {@code data} as given when this machine can
   * read it, else the copy {@code spark-submit --files} shipped under its file name.
   */
  static McqDataset onExecutor(String bench, String data) {
    return CACHE.computeIfAbsent(bench + "\u0000" + data, k -> {
      Path p = Path.of(data);
      if (!Files.exists(p)) {
        Path shipped = Path.of(SparkFiles.get(p.getFileName().toString()));
        if (!Files.exists(shipped)) {
          throw new IllegalArgumentException("benchmark data " + data + " is not readable on this executor;"
              + " put it on a shared path or ship it with spark-submit --files");
        }
        p = shipped;
      }
      return load(bench, p);
    });
  }
}
