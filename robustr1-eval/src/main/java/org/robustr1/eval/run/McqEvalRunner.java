package org.robustr1.eval.run;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.robustr1.core.io.ContainedPaths;
import org.robustr1.core.io.FileChecksums;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.core.image.RgbImage;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.prompt.McqPromptStyle;
import org.robustr1.eval.text.PyLiteral;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link VisionLanguageModel} over a multiple-choice dataset under one or more degradation
 * tracks and records every prediction in a {@link PredictionCache} under the output folder
 * ({@code predictions.jsonl}, or {@code predictions.shard-I-of-N.jsonl} for a shard). Items whose
 * key is already cached are not asked again, so rerunning after a crash resumes. What each track
 * applied to each image is appended to {@code degradation_manifest.jsonl} beside it.
 *
 * <p>The folder belongs to one run: {@code fingerprint.json} ({@link RunFingerprint}) records the
 * model ({@link VisionLanguageModel#fingerprint()}), the data checksum, the prompts, the decoding
 * settings and the tracks, and a run with other values is refused naming each differing field
 * (unless {@link Builder#optOverwrite overwrite} is set, which first deletes the old predictions),
 * so cached answers of one model are never reported as another's.
 */
public final class McqEvalRunner {

  private static final Logger LOG = LoggerFactory.getLogger(McqEvalRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fingerprint file in the output folder. */
  public static final String FINGERPRINT_FILE = "fingerprint.json";

  /** The file of what each track applied, in the output folder. */
  public static final String MANIFEST_FILE = "degradation_manifest.jsonl";

  private static final String REMEDY = "use a new output folder, the same settings, or --overwrite to start over";

  /**
   * What a run did.
   *
   * @param asked items sent to the model in this run
   * @param cached items found in the cache and not asked again
   * @param skipped items left out under {@link BadInputPolicy#SKIP}, with reasons
   * @param cacheFile the prediction cache
   */
  public record Summary(int asked, int cached, ImmutableList<Skipped> skipped, Path cacheFile) {}

  private final VisionLanguageModel model;
  private final McqDataset dataset;
  private final McqPromptStyle prompt;
  private final SamplingConfig sampling;
  private final List<DegradationTrack> tracks;
  private final Path outDir;
  private final Shard shard;
  private final BadInputPolicy policy;
  private final Path imageRoot;
  private final int batchSize;
  private final RunFingerprint extraFingerprint;
  private final boolean overwrite;
  private final EvalProgress progress;
  private final String modelName;

  private McqEvalRunner(Builder b) {
    this.model = b.model;
    this.modelName = b.modelName != null ? b.modelName : b.model.name();
    this.dataset = b.dataset;
    this.prompt = b.prompt;
    this.sampling = b.sampling;
    this.tracks = List.copyOf(b.tracks);
    this.outDir = b.outDir;
    this.shard = b.shard;
    this.policy = b.policy;
    this.imageRoot = b.imageRoot;
    this.batchSize = b.batchSize;
    this.extraFingerprint = b.extraFingerprint;
    this.overwrite = b.overwrite;
    this.progress = b.progress;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cache file a shard writes under {@code outDir}. */
  public static Path cacheFile(Path outDir, Shard shard) {
    return shard.count() == 1
        ? outDir.resolve("predictions.jsonl")
        : outDir.resolve("predictions.shard-" + shard.index() + "-of-" + shard.count() + ".jsonl");
  }

  /** The cache key of an item under a track. */
  public static String key(DegradationTrack track, McqItem item) {
    return track.name() + "|" + item.key();
  }

  /**
   * What this run's predictions depend on: the model's fields, then {@code dataset}, {@code
   * data_checksum} (SHA-256 of the dataset files), {@code prompt_checksum} (of every prompt text
   * in order), the decoding settings, one {@code track.NAME} field per track, {@code image_root},
   * and the caller's extra fields.
   */
  public RunFingerprint fingerprint() throws IOException {
    RunFingerprint.Builder b = RunFingerprint.builder().addAll(model.fingerprint());
    b.add("dataset", dataset.name());
    Hasher data = Hashing.sha256().newHasher();
    Set<Path> files = new LinkedHashSet<>();
    Hasher prompts = Hashing.sha256().newHasher();
    for (McqItem item : dataset.items()) {
      if (item.file() != null && files.add(item.file())) {
        data.putString(FileChecksums.sha256(item.file()), StandardCharsets.UTF_8);
      }
      prompts.putString(prompt.text(item), StandardCharsets.UTF_8).putByte((byte) 0);
    }
    b.add("data_checksum", data.hash());
    b.add("prompt_checksum", prompts.hash());
    b.add("max_new_tokens", sampling.maxNewTokens());
    b.add("temperature", sampling.temperature());
    b.add("top_k", sampling.topK());
    b.add("top_p", sampling.topP());
    b.add("repetition_penalty", sampling.repetitionPenalty());
    b.add("sampling_seed", sampling.seed());
    for (DegradationTrack t : tracks) {
      b.add("track." + t.name(), t.settings());
    }
    b.add("image_root", imageRoot == null ? "the data file's folder" : imageRoot.toAbsolutePath().normalize());
    if (extraFingerprint != null) {
      b.addAll(extraFingerprint);
    }
    return b.build();
  }

  /** Runs inference for every item of the shard not yet cached. */
  public Summary run() throws IOException {
    Files.createDirectories(outDir);
    if (overwrite) {
      deleteOutputs(outDir);
    }
    claim();
    Path cachePath = cacheFile(outDir, shard);
    List<Skipped> skipped = new ArrayList<>(dataset.skipped());
    int asked = 0;
    int cached = 0;
    int inShard = 0;
    for (int p = 0; p < dataset.items().size(); p++) {
      inShard += shard.contains(p) ? 1 : 0;
    }
    progress.start(inShard * tracks.size());
    // an endpoint answering concurrently keeps its requests in flight across items: a window of
    // answers to come, completed oldest first, so the cache is written in item order as without it
    OpenAiVisionModel endpoint = model instanceof OpenAiVisionModel m && m.concurrency() > 1 ? m : null;
    Deque<Pending> window = new ArrayDeque<>();
    try (PredictionCache cache = PredictionCache.open(cachePath);
        Writer manifest = Files.newBufferedWriter(outDir.resolve(MANIFEST_FILE),
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      if (cache.recovered() > 0 || cache.hadTornTail()) {
        LOG.info("resuming from {}: {} predictions{}", cachePath, cache.recovered(),
            cache.hadTornTail() ? " (torn last line dropped)" : "");
      }
      for (DegradationTrack track : tracks) {
        List<McqItem> batch = new ArrayList<>();
        List<VlmPrompt> prompts = new ArrayList<>();
        for (int p = 0; p < dataset.items().size(); p++) {
          if (!shard.contains(p)) {
            continue;
          }
          McqItem item = dataset.items().get(p);
          String key = key(track, item);
          if (cache.contains(key)) {
            cached++;
            progress.advance(1);
            continue;
          }
          List<RgbImage> images;
          try {
            images = images(item);
            checkPrompt(item, images);
          } catch (DataFormatException e) {
            if (policy == BadInputPolicy.FAIL) {
              throw e;
            }
            LOG.warn("skipping: {}", e.getMessage());
            skipped.add(Skipped.of(e, item.index()));
            progress.advance(1);
            continue;
          }
          List<RgbImage> degraded = new ArrayList<>(images.size());
          for (int k = 0; k < images.size(); k++) {
            Map<String, Object> m = new LinkedHashMap<>();
            String imageId = item.key() + "#" + k;
            degraded.add(track.apply(images.get(k), imageId, m));
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("key", key);
            rec.put("track", track.name());
            rec.put("intensity", track.intensity());
            rec.put("image", k);
            rec.put("image_id", imageId);
            rec.putAll(m);
            manifest.write(JSON.writeValueAsString(rec));
            manifest.write('\n');
          }
          manifest.flush();
          VlmPrompt vlmPrompt = VlmPrompt.of(degraded, prompt.text(item));
          if (endpoint != null) {
            window.add(new Pending(track, item, endpoint.submit(vlmPrompt, sampling)));
            if (window.size() >= endpoint.concurrency()) {
              asked += complete(cache, window.poll());
            }
            continue;
          }
          batch.add(item);
          prompts.add(vlmPrompt);
          if (batch.size() >= batchSize) {
            asked += flush(cache, track, batch, prompts);
          }
        }
        asked += flush(cache, track, batch, prompts);
        while (!window.isEmpty()) {
          asked += complete(cache, window.poll());
        }
      }
    } finally {
      window.forEach(p -> p.answer().cancel(true));
      progress.end();
    }
    return new Summary(asked, cached, ImmutableList.copyOf(skipped), cachePath);
  }

  /** Whether the model can take the item's images (their degraded versions keep the size). */
  private void checkPrompt(McqItem item, List<RgbImage> images) {
    try {
      model.checkPrompt(VlmPrompt.of(images, prompt.text(item)));
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(item.file(), item.row(),
          "index " + item.index() + ": the model cannot take this item: " + e.getMessage(), e);
    }
  }

  /** Writes or checks the folder's fingerprint; predictions without one are refused. */
  private void claim() throws IOException {
    Path file = outDir.resolve(FINGERPRINT_FILE);
    if (!Files.exists(file) && !predictionFiles(outDir).isEmpty()) {
      throw new IOException(outDir + " holds predictions of a run that recorded no " + FINGERPRINT_FILE
          + " (an older version), so what made them is unknown; " + REMEDY);
    }
    fingerprint().claim(file, REMEDY);
  }

  /** The prediction files of an output folder (every shard). */
  static List<Path> predictionFiles(Path outDir) throws IOException {
    if (!Files.isDirectory(outDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(outDir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith("predictions") && n.endsWith(".jsonl");
      }).sorted().toList();
    }
  }

  /** Deletes what a run wrote into {@code outDir}: predictions, manifest, fingerprint, scores. */
  private static void deleteOutputs(Path outDir) throws IOException {
    LOG.info("--overwrite: deleting the earlier predictions in {}", outDir);
    for (Path p : predictionFiles(outDir)) {
      Files.delete(p);
    }
    Files.deleteIfExists(outDir.resolve(MANIFEST_FILE));
    Files.deleteIfExists(outDir.resolve(FINGERPRINT_FILE));
    Files.deleteIfExists(outDir.resolve("skipped.tsv"));
    Path scores = outDir.resolve("scores");
    if (Files.isDirectory(scores)) {
      MoreFiles.deleteRecursively(scores, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** A request in flight to a concurrent endpoint. */
  private record Pending(DegradationTrack track, McqItem item, Future<Generation> answer) {}

  /** Waits for a request in flight and caches its answer. */
  private int complete(PredictionCache cache, Pending p) throws IOException {
    Generation g;
    try {
      g = p.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + model.name());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
    append(cache, p.track(), p.item(), g);
    progress.advance(1);
    return 1;
  }

  private void append(PredictionCache cache, DegradationTrack track, McqItem item, Generation g) throws IOException {
    ObjectNode rec = PredictionCache.newRecord();
    rec.put("key", key(track, item));
    rec.put("track", track.name());
    rec.put("dataset", item.dataset());
    rec.put("index", item.index());
    rec.put("prediction", g.text());
    rec.put("model", modelName);
    cache.append(rec);
  }

  private int flush(PredictionCache cache, DegradationTrack track, List<McqItem> batch, List<VlmPrompt> prompts)
      throws IOException {
    if (batch.isEmpty()) {
      return 0;
    }
    List<Generation> gens = model.generate(prompts, sampling);
    checkState(gens.size() == batch.size(), "model returned %s generations for %s prompts", gens.size(), batch.size());
    for (int i = 0; i < batch.size(); i++) {
      append(cache, track, batch.get(i), gens.get(i));
    }
    int n = batch.size();
    batch.clear();
    prompts.clear();
    progress.advance(n);
    return n;
  }

  /** Decodes an item's images (base64 cell, list of base64, or image_path files). */
  List<RgbImage> images(McqItem item) {
    List<RgbImage> out = new ArrayList<>();
    try {
      if (item.image() != null) {
        List<String> values = item.hasImageList() ? PyLiteral.parseStringList(item.image()) : List.of(item.image());
        for (int k = 0; k < values.size(); k++) {
          out.add(ImageCodec.decodeBase64(values.get(k), "image" + (values.size() > 1 ? "[" + k + "]" : "")));
        }
      } else {
        for (String p : item.imagePaths()) {
          Path root = imageRoot != null ? imageRoot
              : item.imageRoot() != null ? item.imageRoot() : item.file().toAbsolutePath().getParent();
          Path file;
          try {
            file = ContainedPaths.resolve(root, p);
          } catch (IllegalArgumentException e) {
            throw new DataFormatException(item.file(), item.row(),
                "index " + item.index() + ": field image_path refused: " + e.getMessage(), e);
          }
          out.add(ImageCodec.decode(Files.readAllBytes(file), file.toString()));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new DataFormatException(item.file(), item.row(),
          "index " + item.index() + ": image cannot be decoded: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new DataFormatException(item.file(), item.row(), "index " + item.index() + ": no image");
    }
    return out;
  }

  /** Builder: {@code setModel}, {@code setDataset}, {@code setOutputDir} are required. */
  public static final class Builder {
    private VisionLanguageModel model;
    private McqDataset dataset;
    private McqPromptStyle prompt = McqPromptStyle.vlmEvalKit();
    private SamplingConfig sampling = SamplingConfig.greedy(1024);
    private List<DegradationTrack> tracks = List.of(DegradationTrack.clean());
    private Path outDir;
    private Shard shard = Shard.all();
    private BadInputPolicy policy = BadInputPolicy.FAIL;
    private Path imageRoot;
    private int batchSize = 1;
    private RunFingerprint extraFingerprint;
    private boolean overwrite;
    private EvalProgress progress = EvalProgress.NONE;
    private String modelName;

    private Builder() {}

    public Builder setModel(VisionLanguageModel m) {
      this.model = requireNonNull(m, "model");
      return this;
    }

    public Builder setDataset(McqDataset d) {
      this.dataset = requireNonNull(d, "dataset");
      return this;
    }

    public Builder setOutputDir(Path dir) {
      this.outDir = requireNonNull(dir, "outDir");
      return this;
    }

    /** Prompt style (default: VLMEvalKit's build_prompt). */
    public Builder optPromptStyle(McqPromptStyle p) {
      this.prompt = requireNonNull(p, "prompt");
      return this;
    }

    /** Sampling (default greedy, 1024 new tokens). */
    public Builder optSampling(SamplingConfig s) {
      this.sampling = requireNonNull(s, "sampling");
      return this;
    }

    /** Tracks (default: clean only). */
    public Builder optTracks(List<DegradationTrack> t) {
      com.google.common.base.Preconditions.checkArgument(!t.isEmpty(), "at least one track is needed");
      this.tracks = List.copyOf(t);
      return this;
    }

    public Builder optShard(Shard s) {
      this.shard = requireNonNull(s, "shard");
      return this;
    }

    /** What to do with an undecodable image (default fail). */
    public Builder optPolicy(BadInputPolicy p) {
      this.policy = requireNonNull(p, "policy");
      return this;
    }

    /** Folder {@code image_path} values are relative to (default: the TSV's folder). */
    public Builder optImageRoot(Path root) {
      this.imageRoot = root;
      return this;
    }

    /**
     * The name written with every prediction (default: the model's own, for a loaded checkpoint its
     * folder's name; a model fine-tuned in memory still carries the name it was loaded under).
     */
    public Builder optModelName(String name) {
      this.modelName = requireNonNull(name, "name");
      return this;
    }

    /**
     * Fields added to the run's {@link #fingerprint() fingerprint} (e.g. the command's prompt style
     * and degradation spec by name), for settings the runner cannot see.
     */
    public Builder optFingerprint(RunFingerprint extra) {
      this.extraFingerprint = extra;
      return this;
    }

    /**
     * Whether to delete the output folder's earlier predictions, manifest and scores before
     * running, instead of refusing a folder made by another run (default false).
     */
    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Where the run reports its progress (default nowhere). */
    public Builder optProgress(EvalProgress p) {
      this.progress = requireNonNull(p, "progress");
      return this;
    }

    /**
     * Prompts per {@code generate} call (default 1). An endpoint model with a concurrency above 1
     * ({@link OpenAiVisionModel#withConcurrency}) is not batched: it keeps that many requests in
     * flight across items.
     */
    public Builder optBatchSize(int n) {
      com.google.common.base.Preconditions.checkArgument(n >= 1, "batch size must be >= 1, got %s", n);
      this.batchSize = n;
      return this;
    }

    public McqEvalRunner build() {
      checkState(model != null, "setModel is required");
      checkState(dataset != null, "setDataset is required");
      checkState(outDir != null, "setOutputDir is required");
      return new McqEvalRunner(this);
    }
  }
}
