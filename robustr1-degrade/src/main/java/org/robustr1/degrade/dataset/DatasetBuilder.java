package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.core.io.FileChecksums;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.core.io.TrainRow;
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
 * Builds a Robust-R1 training set from A-OKVQA.
 *
 * <p><b>Input.</b> {@code aokvqa_v1p0_{split}.json} ({@link AokvqaReader}) and an image root in the
 * COCO layout {@code {split}2017/{image_id:012d}.jpg}.
 *
 * <p><b>Output</b> (in the output folder):
 *
 * <ul>
 *   <li>{@code images/{image_id:012d}_{question_id}.{ext}}: one image per question (questions
 *       sharing a COCO image get different degradations), degraded by a {@link
 *       DegradationPipeline} (default {@link DegradationPipeline.Mode#COMPOSITE}: one op per stage,
 *       random intensities in [0.1, 0.9]) seeded per question by {@link
 *       DegradationPipeline#seedFor}(seed, question_id); a {@link Builder#optCleanFraction clean}
 *       image is the source file copied byte for byte.
 *   <li>{@code train.jsonl}: one row per question in input order ({@link DatasetRows}); {@code
 *       image} is relative to {@code images/}.
 *   <li>{@code degradations.jsonl}: the manifest, one {@link DegradationCase} per applied op in the
 *       golden fixture schema ({@code op, intensity, inputFile, outputFile, seed, params}; {@code
 *       inputFile} relative to the image root, {@code outputFile} relative to the output folder),
 *       in row order and, within a row, in application order; {@link DatasetManifest#remake}
 *       re-makes the degraded images from it. Clean rows have no manifest lines.
 *   <li>{@code dataset.json}: the settings as a {@link RunFingerprint}; resuming with other
 *       settings is refused naming each differing field.
 * </ul>
 *
 * <p><b>Batch behaviour.</b> Rows are processed on a fixed pool of threads and written strictly in
 * input order, so the same seed gives byte-identical {@code train.jsonl}, manifest and images for
 * any thread count (with a deterministic {@link InfluenceAnnotator}). A row whose image is missing,
 * unreadable or cannot be annotated is reported as a {@link FileFailure} with the image path and
 * the batch goes on. Runs are resumable: rows already in {@code train.jsonl} (with their image and
 * manifest lines) are skipped; at the end both files are rewritten in input order.
 */
public final class DatasetBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetBuilder.class);
  private static final long CLEAN_SALT = 0x636C65616E4C4CL;

  /** The rows file name. */
  public static final String TRAIN_FILE = "train.jsonl";
  /** The manifest file name. */
  public static final String MANIFEST_FILE = "degradations.jsonl";
  /** The settings file name. */
  public static final String SETTINGS_FILE = "dataset.json";
  /** The image folder name inside the output folder. */
  public static final String IMAGE_DIR = "images";

  /**
   * The outcome of a run.
   *
   * @param rows input rows considered (after the limit)
   * @param written rows written in this run
   * @param skipped rows already present from an earlier run
   * @param failures rows that could not be built, by image path
   * @param trainFile the {@code train.jsonl} path
   * @param manifestFile the {@code degradations.jsonl} path
   * @param imageDir the output image folder
   */
  public record Result(
      int rows,
      int written,
      int skipped,
      ImmutableList<FileFailure> failures,
      Path trainFile,
      Path manifestFile,
      Path imageDir) {}

  private final Path aokvqaFile;
  private final Path imageRoot;
  private final Path outputDir;
  private final long seed;
  private final int threads;
  private final int limit;
  private final double cleanFraction;
  private final OutputMode outputMode;
  private final AnswerStyle answerStyle;
  private final PromptStyle promptStyle;
  private final DegradationPipeline pipeline;
  private final InfluenceAnnotator annotator;
  private final ReasoningDepth reasoningDepth;
  private final boolean progressBar;

  private DatasetBuilder(Builder b) {
    this.aokvqaFile = b.aokvqaFile;
    this.imageRoot = b.imageRoot;
    this.outputDir = b.outputDir;
    this.seed = b.seed;
    this.threads = b.threads;
    this.limit = b.limit;
    this.cleanFraction = b.cleanFraction;
    this.outputMode = b.outputMode;
    this.answerStyle = b.answerStyle;
    this.promptStyle = b.promptStyle != null ? b.promptStyle : PromptStyle.defaultFor(b.outputMode);
    this.pipeline = DegradationPipeline.builder().optMode(b.mode).optSeed(b.seed).build();
    this.annotator = b.annotator;
    this.reasoningDepth = b.reasoningDepth;
    this.progressBar = b.progressBar;
  }

  /** A builder; the A-OKVQA file, image root and output folder are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The output image name of a question: {@code {image_id:012d}_{question_id}.{ext}}. */
  public static String imageName(AokvqaRecord record) {
    String src = record.imagePath();
    int dot = src.lastIndexOf('.');
    String ext = dot < 0 ? "jpg" : src.substring(dot + 1).toLowerCase(Locale.ROOT);
    return String.format(Locale.ROOT, "%012d_%s.%s", record.imageId(), record.questionId(), ext);
  }

  /** Whether the question with this id gets a clean (undegraded) image under the settings. */
  public boolean isClean(String questionId) {
    if (cleanFraction <= 0) {
      return false;
    }
    long s = DegradationPipeline.seedFor(seed ^ CLEAN_SALT, questionId);
    return new SplittableRandom(s).nextDouble() < cleanFraction;
  }

  /** Runs the build. */
  public Result run() throws IOException {
    OpenCv.load();
    checkArgument(Files.isDirectory(imageRoot), "image folder %s does not exist", imageRoot);
    List<AokvqaRecord> all = AokvqaReader.read(aokvqaFile);
    List<AokvqaRecord> input = limit >= 0 && limit < all.size() ? all.subList(0, limit) : all;
    Path imageDir = outputDir.resolve(IMAGE_DIR);
    Files.createDirectories(imageDir);
    checkSettings(outputDir.resolve(SETTINGS_FILE));
    Path trainFile = outputDir.resolve(TRAIN_FILE);
    Path manifestFile = outputDir.resolve(MANIFEST_FILE);

    Map<String, String> oldRows = readOldRows(trainFile);
    Map<String, List<DegradationCase>> oldCases = readOldCases(manifestFile);
    Map<String, String> lines = new HashMap<>();
    Map<String, List<DegradationCase>> cases = new HashMap<>();
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      AokvqaRecord r = input.get(i);
      String out = IMAGE_DIR + "/" + imageName(r);
      String line = oldRows.get(r.questionId());
      List<DegradationCase> c = oldCases.getOrDefault(out, List.of());
      boolean done =
          line != null
              && Files.isRegularFile(outputDir.resolve(out))
              && (isClean(r.questionId()) ? c.isEmpty() : !c.isEmpty());
      if (done) {
        lines.put(r.questionId(), line);
        cases.put(r.questionId(), c);
      } else {
        todo.add(i);
      }
    }
    int skipped = input.size() - todo.size();
    if (skipped > 0) {
      LOG.info("resuming: {} of {} rows already in {}", skipped, input.size(), trainFile);
    }
    // keep rows of earlier runs that this run does not cover (e.g. beyond --limit)
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      order.put(all.get(i).questionId(), i);
    }
    for (Map.Entry<String, String> e : oldRows.entrySet()) {
      Integer i = order.get(e.getKey());
      if (i == null || i >= input.size()) {
        lines.putIfAbsent(e.getKey(), e.getValue());
        AokvqaRecord r = i == null ? null : all.get(i);
        if (r != null) {
          cases.putIfAbsent(e.getKey(), oldCases.getOrDefault(IMAGE_DIR + "/" + imageName(r), List.of()));
        }
      }
    }

    if (!oldRows.isEmpty() || Files.exists(manifestFile)) {
      // drop lines a crash may have cut short before appending to the files
      rewriteInOrder(order, lines, cases, trainFile, manifestFile);
    }
    List<AokvqaRecord> work = new ArrayList<>(todo.size());
    for (int i : todo) {
      work.add(input.get(i));
    }
    OrderedBatch<AokvqaRecord, Built> batch =
        new OrderedBatch<>(threads, "robustr1-dataset", r -> imageRoot.resolve(r.imagePath()), r -> "question " + r.questionId());
    if (progressBar) {
      batch.optProgressBar("dataset", "rows", input.size(), skipped);
    }
    List<FileFailure> failures;
    try (BufferedWriter rowsOut = append(trainFile);
        BufferedWriter casesOut = append(manifestFile)) {
      failures =
          batch.run(
              work,
              this::build,
              (r, b) -> {
                for (DegradationCase c : b.cases) {
                  casesOut.write(CaseFiles.toJsonLine(c));
                  casesOut.write('\n');
                }
                casesOut.flush();
                rowsOut.write(b.line);
                rowsOut.write('\n');
                rowsOut.flush();
                lines.put(r.questionId(), b.line);
                cases.put(r.questionId(), b.cases);
              });
    }
    int written = work.size() - failures.size();
    rewriteInOrder(order, lines, cases, trainFile, manifestFile);
    return new Result(
        input.size(), written, skipped, ImmutableList.copyOf(failures), trainFile, manifestFile, imageDir);
  }

  /** One built row. */
  private record Built(String line, List<DegradationCase> cases) {}

  private Built build(AokvqaRecord r) throws IOException {
    Path src = imageRoot.resolve(r.imagePath());
    byte[] data = Files.readAllBytes(src);
    Mat bgr = ImageIo.decodeBgr(data, src);
    String name = imageName(r);
    Path dst = outputDir.resolve(IMAGE_DIR).resolve(name);
    String outRel = IMAGE_DIR + "/" + name;
    List<DegradationCase> cases = new ArrayList<>(4);
    List<TypedStrength> types;
    try {
      if (isClean(r.questionId())) {
        AtomicFiles.write(dst, data);
        types = List.of();
      } else {
        ImmutableList<Step> steps = pipeline.plan(bgr.cols(), bgr.rows(), r.questionId());
        Mat out = DegradationPipeline.apply(bgr, steps);
        try {
          ImageIo.writeBgr(dst, out);
        } finally {
          out.release();
        }
        long imageSeed = DegradationPipeline.seedFor(seed, r.questionId());
        for (Step s : steps) {
          cases.add(
              DegradationCase.of(
                  s.type(), s.intensity().value(), r.imagePath(), outRel, s.params(), imageSeed));
        }
        types = ChainFormat.DEFAULT.typesOf(DegradationPipeline.record(steps));
      }
    } finally {
      bgr.release();
    }
    String influence = null;
    if (outputMode == OutputMode.CHAIN) {
      String answer = answerStyle.answer(r);
      InfluenceRequest req =
          new InfluenceRequest(
              r.questionId(),
              ImmutableList.copyOf(types),
              r.question(),
              ImmutableList.copyOf(r.choices()),
              answer,
              Optional.of(dst));
      influence = annotator.influence(req);
      if (influence == null) {
        throw new IOException("influence annotator returned no text for " + r.questionId());
      }
    }
    TrainRow row = DatasetRows.row(r, name, types, influence, outputMode, answerStyle, promptStyle, reasoningDepth);
    return new Built(row.toJsonLine(), cases);
  }

  private static void rewriteInOrder(
      Map<String, Integer> order,
      Map<String, String> lines,
      Map<String, List<DegradationCase>> cases,
      Path trainFile,
      Path manifestFile)
      throws IOException {
    List<String> ids = new ArrayList<>(lines.keySet());
    ids.sort(
        (a, b) -> {
          int ia = order.getOrDefault(a, Integer.MAX_VALUE);
          int ib = order.getOrDefault(b, Integer.MAX_VALUE);
          return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        });
    StringBuilder rows = new StringBuilder();
    List<DegradationCase> manifest = new ArrayList<>();
    for (String id : ids) {
      rows.append(lines.get(id)).append('\n');
      manifest.addAll(cases.getOrDefault(id, List.of()));
    }
    AtomicFiles.write(trainFile, rows.toString().getBytes(StandardCharsets.UTF_8));
    CaseFiles.writeJsonl(manifestFile, manifest);
  }

  /**
   * What the rows, images and manifest depend on, stored as {@code dataset.json}: the seed, the
   * pipeline mode, the clean fraction, the output, answer and prompt styles, the influence
   * annotator (chain output), the A-OKVQA file's checksum and the image root.
   */
  public RunFingerprint fingerprint() throws IOException {
    RunFingerprint.Builder s = RunFingerprint.builder()
        .add("seed", seed)
        .add("mode", pipeline.mode().name())
        .add("cleanFraction", cleanFraction)
        .add("outputMode", outputMode.name())
        .add("answerStyle", answerStyle.name())
        .add("promptStyle", promptStyle.name());
    if (outputMode == OutputMode.CHAIN) {
      s.add("influence", influenceKind(annotator));
    }
    return s.add("data_checksum", FileChecksums.sha256(aokvqaFile))
        .add("image_root", imageRoot.toAbsolutePath().normalize())
        .build();
  }

  private void checkSettings(Path file) throws IOException {
    fingerprint().claim(file, "use a new output folder or the same settings");
  }

  private static String influenceKind(InfluenceAnnotator a) {
    if (a instanceof TemplateInfluenceAnnotator) {
      return "template";
    }
    return a instanceof ChatCompletionsInfluenceAnnotator ? "chat-completions" : "custom";
  }

  private static Map<String, String> readOldRows(Path trainFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(trainFile)) {
      return out;
    }
    int n = 0;
    for (String line : Files.readAllLines(trainFile, StandardCharsets.UTF_8)) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      try {
        TrainRow row = TrainRow.parse(line, trainFile + " line " + n);
        JsonNode id = row.json().get("id");
        if (id != null && id.isTextual()) {
          out.put(id.textValue(), line);
        } else {
          LOG.warn("{} line {}: no id, the row will be rebuilt", trainFile, n);
        }
      } catch (RuntimeException e) {
        LOG.warn("dropping unreadable row: {}", e.getMessage());
      }
    }
    return out;
  }

  private static Map<String, List<DegradationCase>> readOldCases(Path manifest) throws IOException {
    Map<String, List<DegradationCase>> out = new HashMap<>();
    for (DegradationCase c :
        CaseFiles.readTolerant(
            manifest, e -> LOG.warn("dropping unreadable manifest line: {}", e.getMessage()))) {
      out.computeIfAbsent(c.outputFile(), k -> new ArrayList<>()).add(c);
    }
    return out;
  }

  private static BufferedWriter append(Path file) throws IOException {
    return Files.newBufferedWriter(
        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** Builder: {@code setX} for required values, {@code optX} for optional ones. */
  public static final class Builder {
    private Path aokvqaFile;
    private Path imageRoot;
    private Path outputDir;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int limit = -1;
    private double cleanFraction;
    private OutputMode outputMode = OutputMode.CHAIN;
    private AnswerStyle answerStyle = AnswerStyle.CHOICE_TEXT;
    private PromptStyle promptStyle;
    private DegradationPipeline.Mode mode = DegradationPipeline.Mode.COMPOSITE;
    private InfluenceAnnotator annotator = new TemplateInfluenceAnnotator();
    private ReasoningDepth reasoningDepth = ReasoningDepth.all();
    private boolean progressBar;

    private Builder() {}

    /** The A-OKVQA annotation file {@code aokvqa_v1p0_{split}.json} (required). */
    public Builder setAokvqaFile(Path aokvqaFile) {
      this.aokvqaFile = requireNonNull(aokvqaFile, "aokvqaFile");
      return this;
    }

    /** The COCO image root holding {@code {split}2017/} (required). */
    public Builder setImageRoot(Path imageRoot) {
      this.imageRoot = requireNonNull(imageRoot, "imageRoot");
      return this;
    }

    /** The output folder (required; created if missing). */
    public Builder setOutputDir(Path outputDir) {
      this.outputDir = requireNonNull(outputDir, "outputDir");
      return this;
    }

    /** The base seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Worker threads (default: available processors); the output does not depend on it. */
    public Builder optThreads(int threads) {
      checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
      this.threads = threads;
      return this;
    }

    /** Uses only the first {@code limit} questions of the file (default all). */
    public Builder optLimit(int limit) {
      checkArgument(limit >= 0, "limit must be >= 0, got %s", limit);
      this.limit = limit;
      return this;
    }

    /**
     * The expected fraction of questions kept clean (no degradation, empty TYPE), drawn per
     * question from the seed (default 0).
     */
    public Builder optCleanFraction(double cleanFraction) {
      checkArgument(
          cleanFraction >= 0 && cleanFraction <= 1, "clean fraction must be within [0, 1], got %s", cleanFraction);
      this.cleanFraction = cleanFraction;
      return this;
    }

    /** Full chains (default) or answers only. */
    public Builder optOutputMode(OutputMode outputMode) {
      this.outputMode = requireNonNull(outputMode, "outputMode");
      return this;
    }

    /** How ANSWER writes the correct choice (default its text). */
    public Builder optAnswerStyle(AnswerStyle answerStyle) {
      this.answerStyle = requireNonNull(answerStyle, "answerStyle");
      return this;
    }

    /**
     * How user turns are written (default {@link PromptStyle#defaultFor}: the robust template for
     * chains, plain for answers only; use {@link PromptStyle#PLAIN} for the official GRPO script).
     */
    public Builder optPromptStyle(PromptStyle promptStyle) {
      this.promptStyle = requireNonNull(promptStyle, "promptStyle");
      return this;
    }

    /** The sampling mode (default {@link DegradationPipeline.Mode#COMPOSITE}, one op per stage). */
    public Builder optMode(DegradationPipeline.Mode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    /** The INFLUENCE writer (default {@link TemplateInfluenceAnnotator}). */
    public Builder optInfluenceAnnotator(InfluenceAnnotator annotator) {
      this.annotator = requireNonNull(annotator, "annotator");
      return this;
    }

    /**
     * Sets how many rationale sentences REASONING keeps for an image's total intensity (default
     * {@link ReasoningDepth#all()}: every rationale).
     */
    public Builder optReasoningDepth(ReasoningDepth depth) {
      this.reasoningDepth = requireNonNull(depth, "depth");
      return this;
    }

    /** Shows a progress bar on standard error (default off). */
    public Builder optProgressBar(boolean progressBar) {
      this.progressBar = progressBar;
      return this;
    }

    /** Builds the builder. */
    public DatasetBuilder build() {
      checkState(aokvqaFile != null, "A-OKVQA file not set (setAokvqaFile)");
      checkState(imageRoot != null, "image root not set (setImageRoot)");
      checkState(outputDir != null, "output folder not set (setOutputDir)");
      return new DatasetBuilder(this);
    }
  }
}
