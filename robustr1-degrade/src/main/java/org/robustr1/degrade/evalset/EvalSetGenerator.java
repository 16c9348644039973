package org.robustr1.degrade.evalset;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Intensity;
import org.robustr1.core.io.ContainedPaths;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.OrderedBatch;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.pipeline.Step;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Robust-R1 evaluation sets like {@code generate_degradation.py}.
 *
 * <p>For every image file directly inside the input folder (extensions of {@link
 * ImageIo#IMAGE_EXTENSIONS}, sorted by name): one official op is drawn by the {@code
 * DEGRADATION_CONFIG} weights (not re-drawn between levels), then applied to the original image at
 * 0.9, 0.45 and 0.23 in turn, each level with its own random layout, and written under the same
 * file name (same format, JPEG at OpenCV's default quality 95) to {@code
 * out/{name}_Robust_100|50|25/}. Unlike the reference, every output is recorded in {@code
 * out/degradations.jsonl}, one {@link DegradationCase} per line ({@code inputFile} relative to the
 * input folder, {@code outputFile} relative to the output folder), so a set can be replayed and
 * audited.
 *
 * <p>Randomness comes from {@link DegradationPipeline#seedFor} of the seed and the file name, so
 * the same seed gives byte-identical images and manifest for any thread count. Work runs on a
 * fixed pool; a file that cannot be read or degraded is reported with its path and the batch goes
 * on. The run is resumable: images whose three outputs are already in the manifest (and on disk)
 * are skipped; manifest lines are appended as images finish and the manifest is rewritten sorted
 * at the end.
 *
 * <p>The output folder belongs to one set of settings: {@code out/fingerprint.json} ({@link
 * RunFingerprint}) records the input folder, the name, the seed and the levels, and a run with
 * other values (another {@code --seed}, another {@code --name}) is refused naming each differing
 * field, so outputs of two seeds are never mixed and a new name is never reported as "already
 * done". {@link Builder#optOverwrite} deletes the earlier run's outputs (those its manifest lists)
 * and starts over.
 */
public final class EvalSetGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(EvalSetGenerator.class);

  /** The manifest file name inside the output folder. */
  public static final String MANIFEST = "degradations.jsonl";

  /** The fingerprint file name inside the output folder. */
  public static final String FINGERPRINT_FILE = "fingerprint.json";

  private static final String REMEDY = "use a new output folder, the same settings, or --overwrite to start over";

  /** The levels in the order the reference applies them: 100 %, 50 %, 25 %. */
  public static final ImmutableList<Integer> LEVELS = ImmutableList.of(100, 50, 25);

  /**
   * The outcome of a run.
   *
   * @param images image files found
   * @param processed images degraded in this run
   * @param skipped images already complete in the manifest
   * @param failures files that could not be processed, sorted by path
   * @param manifest the manifest path
   */
  public record Result(
      int images, int processed, int skipped, ImmutableList<FileFailure> failures, Path manifest) {}

  private final Path inputDir;
  private final Path outputDir;
  private final String name;
  private final long seed;
  private final int threads;
  private final boolean progressBar;
  private final boolean overwrite;

  private EvalSetGenerator(Builder b) {
    this.inputDir = b.inputDir;
    this.outputDir = b.outputDir;
    this.name = b.name;
    this.seed = b.seed;
    this.threads = b.threads;
    this.progressBar = b.progressBar;
    this.overwrite = b.overwrite;
  }

  /**
   * What the outputs depend on: {@code input_dir} (absolute), {@code name}, {@code seed} and
   * {@code levels}.
   */
  public RunFingerprint fingerprint() {
    return RunFingerprint.builder()
        .add("input_dir", inputDir.toAbsolutePath().normalize())
        .add("name", name)
        .add("seed", seed)
        .add("levels", LEVELS.toString())
        .build();
  }

  /** A builder; input folder, output folder and name are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The output folder of one level, e.g. {@code RealWorldQA_Robust_50}. */
  public static String levelFolder(String name, int percent) {
    Intensity.ofPercent(percent);
    return name + "_Robust_" + percent;
  }

  /**
   * The three cases of one image: the op drawn for it and the parameters of each level, without
   * touching pixels.
   */
  public static ImmutableList<DegradationCase> plan(
      long seed, String name, String fileName, int width, int height) {
    long imageSeed = DegradationPipeline.seedFor(seed, fileName);
    SplittableRandom rng = new SplittableRandom(imageSeed);
    DegradationType type = drawOp(rng);
    ImmutableList.Builder<DegradationCase> out = ImmutableList.builder();
    for (int percent : LEVELS) {
      double intensity = Intensity.ofPercent(percent).value();
      Step s = DegradationPipeline.step(type, intensity, width, height, rng.split());
      out.add(
          DegradationCase.of(
              type, intensity, fileName, levelFolder(name, percent) + "/" + fileName, s.params(), imageSeed));
    }
    return out.build();
  }

  /** Runs the generation. */
  public Result run() throws IOException {
    OpenCv.load();
    checkArgument(Files.isDirectory(inputDir), "input folder %s does not exist", inputDir);
    Files.createDirectories(outputDir);
    List<Path> files;
    try (Stream<Path> s = Files.list(inputDir)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(ImageIo::isImageFile)
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    }
    Path manifest = outputDir.resolve(MANIFEST);
    claim(manifest, files);
    Map<String, List<DegradationCase>> done = readManifest(manifest);
    Set<String> complete = new HashSet<>();
    for (Map.Entry<String, List<DegradationCase>> e : done.entrySet()) {
      boolean allThere =
          e.getValue().size() == LEVELS.size()
              && e.getValue().stream().allMatch(c -> Files.isRegularFile(outputDir.resolve(c.outputFile())));
      if (allThere) {
        complete.add(e.getKey());
      }
    }
    List<Path> todo = new ArrayList<>();
    for (Path f : files) {
      if (!complete.contains(f.getFileName().toString())) {
        todo.add(f);
      }
    }
    int skipped = files.size() - todo.size();
    todo = longestFirst(todo);
    if (skipped > 0) {
      LOG.info("resuming: {} of {} images already in {}", skipped, files.size(), manifest);
    }
    Map<String, List<DegradationCase>> results = new HashMap<>();
    for (String k : complete) {
      results.put(k, done.get(k));
    }
    OrderedBatch<Path, List<DegradationCase>> batch = new OrderedBatch<>(threads, "robustr1-evalset", f -> f, Path::toString);
    if (progressBar) {
      batch.optProgressBar("eval-set", "img", todo.size(), 0);
    }
    List<FileFailure> failures;
    try (BufferedWriter append =
        Files.newBufferedWriter(manifest, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      failures =
          batch.run(
              todo,
              f -> {
                List<DegradationCase> cases = processImage(f);
                synchronized (append) {
                  for (DegradationCase c : cases) {
                    append.write(CaseFiles.toJsonLine(c));
                    append.write('\n');
                  }
                  append.flush();
                }
                return cases;
              },
              (f, cases) -> results.put(f.getFileName().toString(), cases));
    }
    List<DegradationCase> all = new ArrayList<>();
    results.keySet().stream().sorted().forEach(k -> all.addAll(results.get(k)));
    CaseFiles.writeJsonl(manifest, all);
    return new Result(
        files.size(),
        todo.size() - failures.size(),
        skipped,
        ImmutableList.sortedCopyOf(Comparator.comparing(FileFailure::path), failures),
        manifest);
  }

  /**
   * Checks the folder's fingerprint (or writes it for a new folder); with {@code overwrite}, first
   * deletes the earlier outputs, manifest and fingerprint.
   */
  private void claim(Path manifest, List<Path> inputs) throws IOException {
    Path file = outputDir.resolve(FINGERPRINT_FILE);
    if (overwrite) {
      deleteEarlierOutputs(manifest, file, inputs);
    }
    if (!Files.exists(file) && Files.exists(manifest)) {
      throw new IOException(outputDir + " holds a manifest of a run that recorded no " + FINGERPRINT_FILE
          + " (an older version), so its settings are unknown; " + REMEDY);
    }
    fingerprint().claim(file, REMEDY);
  }

  /**
   * Deletes what an earlier run wrote: the outputs its manifest lists and, since a killed run may
   * have written images before their manifest lines, every level file of its name for the current
   * inputs; then empty level folders, the manifest and the fingerprint.
   */
  private void deleteEarlierOutputs(Path manifest, Path fingerprintFile, List<Path> inputs) throws IOException {
    Set<Path> outputs = new HashSet<>();
    if (Files.isRegularFile(manifest)) {
      for (DegradationCase c : CaseFiles.readTolerant(manifest, e -> { })) {
        outputs.add(ContainedPaths.resolve(outputDir, c.outputFile()));
      }
    }
    String oldName = RunFingerprint.read(fingerprintFile).flatMap(f -> f.get("name")).orElse(null);
    Set<Path> folders = new HashSet<>();
    if (oldName != null) {
      for (int percent : LEVELS) {
        Path folder = ContainedPaths.resolve(outputDir, levelFolder(oldName, percent));
        folders.add(folder);
        for (Path in : inputs) {
          outputs.add(folder.resolve(in.getFileName().toString()));
        }
      }
    }
    for (Path o : outputs) {
      Files.deleteIfExists(o);
      folders.add(o.getParent());
    }
    for (Path f : folders) {
      if (Files.isDirectory(f) && !f.equals(outputDir.toAbsolutePath().normalize())) {
        try (Stream<Path> s = Files.list(f)) {
          if (s.findAny().isEmpty()) {
            Files.delete(f);
          }
        }
      }
    }
    Files.deleteIfExists(manifest);
    Files.deleteIfExists(fingerprintFile);
  }

  /**
   * The images whose drawn op is mean_shift (hundreds of times slower than the others) first,
   * larger files first, then the rest in name order, so no worker is left alone with a long image
   * at the end. Outputs and manifest do not depend on the order.
   */
  private List<Path> longestFirst(List<Path> files) {
    List<Path> slow = new ArrayList<>();
    List<Path> rest = new ArrayList<>();
    for (Path f : files) {
      long imageSeed = DegradationPipeline.seedFor(seed, f.getFileName().toString());
      (drawOp(new SplittableRandom(imageSeed)) == DegradationType.MEAN_SHIFT ? slow : rest).add(f);
    }
    slow.sort(Comparator.comparingLong(EvalSetGenerator::sizeOrZero).reversed());
    slow.addAll(rest);
    return slow;
  }

  /** The image's op: the first draw from its random stream, by the official weights. */
  private static DegradationType drawOp(SplittableRandom rng) {
    return DegradationPipeline.chooseByWeight(DegradationType.official(), rng);
  }

  private static long sizeOrZero(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0;
    }
  }

  private List<DegradationCase> processImage(Path file) throws IOException {
    Mat in = ImageIo.readBgr(file);
    try {
      String fileName = file.getFileName().toString();
      ImmutableList<DegradationCase> cases = plan(seed, name, fileName, in.cols(), in.rows());
      for (DegradationCase c : cases) {
        Mat out = org.robustr1.degrade.ops.OfficialOps.of(c.op()).applyMap(in, c.params());
        try {
          ImageIo.writeBgr(outputDir.resolve(c.outputFile()), out);
        } finally {
          out.release();
        }
      }
      return cases;
    } finally {
      in.release();
    }
  }

  private static Map<String, List<DegradationCase>> readManifest(Path manifest) throws IOException {
    Map<String, List<DegradationCase>> byInput = new HashMap<>();
    if (!Files.isRegularFile(manifest)) {
      return byInput;
    }
    List<DegradationCase> cases;
    try {
      cases = CaseFiles.read(manifest);
    } catch (IOException e) {
      LOG.warn("ignoring unreadable manifest lines; re-degrading: {}", e.getMessage());
      cases = CaseFiles.readTolerant(manifest, d -> LOG.debug("dropping {}", d.getMessage()));
    }
    for (DegradationCase c : cases) {
      List<DegradationCase> l = byInput.computeIfAbsent(c.inputFile(), k -> new ArrayList<>());
      if (l.stream().noneMatch(x -> x.outputFile().equals(c.outputFile()))) {
        l.add(c);
      }
    }
    for (List<DegradationCase> l : byInput.values()) {
      l.sort(Comparator.comparingDouble(DegradationCase::intensity).reversed());
    }
    return byInput;
  }


  /** Builder of {@link EvalSetGenerator}. */
  public static final class Builder {
    private Path inputDir;
    private Path outputDir;
    private String name;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean progressBar;
    private boolean overwrite;

    private Builder() {}

    /** The folder of clean images (required; not searched recursively). */
    public Builder setInputDir(Path inputDir) {
      this.inputDir = requireNonNull(inputDir, "inputDir");
      return this;
    }

    /** The output folder (required); created if missing. */
    public Builder setOutputDir(Path outputDir) {
      this.outputDir = requireNonNull(outputDir, "outputDir");
      return this;
    }

    /** The data set name used in the level folders, e.g. {@code RealWorldQA} (required). */
    public Builder setName(String name) {
      requireNonNull(name, "name");
      checkArgument(
          !name.isBlank() && !name.contains("/") && !name.contains("\\"),
          "name must be a plain folder-name prefix, got '%s'",
          name);
      this.name = name;
      return this;
    }

    /** The base seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Worker threads (default: available processors). */
    public Builder optThreads(int threads) {
      checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
      this.threads = threads;
      return this;
    }

    /** Shows a progress bar on standard error (default off). */
    public Builder optProgressBar(boolean progressBar) {
      this.progressBar = progressBar;
      return this;
    }

    /**
     * Whether to delete an earlier run's outputs in the output folder (those its manifest lists),
     * its manifest and fingerprint before running, instead of refusing a folder made with other
     * settings (default false).
     */
    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Builds the generator. */
    public EvalSetGenerator build() {
      checkState(inputDir != null, "input folder not set (setInputDir)");
      checkState(outputDir != null, "output folder not set (setOutputDir)");
      checkState(name != null, "name not set (setName)");
      return new EvalSetGenerator(this);
    }
  }
}
