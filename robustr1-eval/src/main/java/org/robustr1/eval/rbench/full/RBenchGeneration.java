package org.robustr1.eval.rbench.full;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.run.PredictionCache;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the model every item on its reference image and on its distorted image, and records each
 * reply in {@code generations.jsonl} (a {@link PredictionCache}) as soon as it exists; a reply
 * already cached is never asked again, so a rerun after a crash resumes.
 */
final class RBenchGeneration {

  private static final Logger LOG = LoggerFactory.getLogger(RBenchGeneration.class);

  /** The cache file under the output folder. */
  static final String CACHE = "generations.jsonl";

  /** The two images of an item. */
  enum Side {
    REF, DIS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What a generation pass did.
   *
   * @param asked generations made in this run
   * @param cached generations found in the cache
   * @param skipped items left out because an image could not be decoded (under SKIP)
   */
  record Summary(int asked, int cached, ImmutableList<Skipped> skipped) {}

  private RBenchGeneration() {}

  static String key(Side side, RBenchItem item) {
    return side.label() + "|" + item.row() + "|" + item.name();
  }

  static Summary run(RBenchData data, VisionLanguageModel model, SamplingConfig sampling, RBenchPromptStyle style,
      int batchSize, BadInputPolicy policy, Path cacheFile) throws IOException {
    requireNonNull(model, "model");
    List<Skipped> skipped = new ArrayList<>();
    int[] counts = new int[2];
    try (PredictionCache cache = PredictionCache.open(cacheFile)) {
      if (cache.recovered() > 0 || cache.hadTornTail()) {
        LOG.info("resuming from {}: {} generations{}", cacheFile, cache.recovered(),
            cache.hadTornTail() ? " (torn last line dropped)" : "");
      }
      List<RBenchItem> wanted = new ArrayList<>();
      for (RBenchItem item : data.items()) {
        int have = (cache.contains(key(Side.REF, item)) ? 1 : 0) + (cache.contains(key(Side.DIS, item)) ? 1 : 0);
        counts[1] += have;
        if (have < 2) {
          wanted.add(item);
        }
      }
      List<String> keys = new ArrayList<>();
      List<VlmPrompt> prompts = new ArrayList<>();
      data.forEachImagePair(wanted, pair -> {
        RBenchItem item = pair.item();
        RgbImage ref;
        RgbImage dis;
        try {
          ref = decode(data, pair.item(), pair.ref(), pair.refField());
          dis = decode(data, pair.item(), pair.dis(), pair.disField());
        } catch (DataFormatException e) {
          if (policy == BadInputPolicy.FAIL) {
            throw e;
          }
          LOG.warn("skipping: {}", e.getMessage());
          skipped.add(Skipped.of(e, item.name()));
          return;
        }
        String text = style.text(item);
        for (Side side : Side.values()) {
          String key = key(side, item);
          if (!cache.contains(key)) {
            keys.add(key);
            prompts.add(VlmPrompt.of(List.of(side == Side.REF ? ref : dis), text));
            if (prompts.size() >= batchSize) {
              counts[0] += flush(cache, model, sampling, keys, prompts);
            }
          }
        }
      });
      counts[0] += flush(cache, model, sampling, keys, prompts);
    }
    return new Summary(counts[0], counts[1], ImmutableList.copyOf(skipped));
  }

  private static RgbImage decode(RBenchData data, RBenchItem item, byte[] bytes, String field) {
    if (bytes == null || bytes.length == 0) {
      throw RBenchData.field(data.file(), item.row(), field, "is empty (item " + item.name() + ")");
    }
    try {
      return ImageCodec.decode(bytes, data.file() + " row " + item.row() + " field " + field);
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(data.file(), item.row(), "field '" + field + "' cannot be decoded as an image (item "
          + item.name() + "): " + e.getMessage(), e);
    }
  }

  private static int flush(PredictionCache cache, VisionLanguageModel model, SamplingConfig sampling,
      List<String> keys, List<VlmPrompt> prompts) throws IOException {
    if (prompts.isEmpty()) {
      return 0;
    }
    List<Generation> gens = model.generate(prompts, sampling);
    checkState(gens.size() == prompts.size(), "model returned %s generations for %s prompts", gens.size(), prompts.size());
    for (int i = 0; i < gens.size(); i++) {
      String[] parts = keys.get(i).split("\\|", 3);
      ObjectNode rec = PredictionCache.newRecord();
      rec.put("key", keys.get(i));
      rec.put("side", parts[0]);
      rec.put("row", Integer.parseInt(parts[1]));
      rec.put("name", parts[2]);
      rec.put("prediction", gens.get(i).text());
      rec.put("model", model.name());
      cache.append(rec);
    }
    int n = prompts.size();
    keys.clear();
    prompts.clear();
    return n;
  }

  /** Every cached generation: key to raw text. */
  static Map<String, String> read(Path cacheFile) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PredictionCache cache = PredictionCache.open(cacheFile)) {
      cache.entries().forEach((k, v) -> out.put(k, v.get("prediction").asText()));
    }
    return out;
  }
}
