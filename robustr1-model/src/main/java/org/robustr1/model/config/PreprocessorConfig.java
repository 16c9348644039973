package org.robustr1.model.config;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Settings of the Qwen2-VL image processor ({@code preprocessor_config.json}).
 *
 * @param minPixels smallest resized area (3136 = 56 * 56)
 * @param maxPixels largest resized area (12845056 = 28 * 28 * 16384 in the published file)
 * @param patchSize patch side (14)
 * @param temporalPatchSize frames per temporal patch (2)
 * @param mergeSize side of the merged square of patches (2)
 * @param imageMean per-channel mean (OpenAI CLIP)
 * @param imageStd per-channel std (OpenAI CLIP)
 * @param rescaleFactor factor applied to 0..255 values (1/255)
 * @param doResize whether to resize with smart_resize
 * @param doRescale whether to multiply by {@code rescaleFactor}
 * @param doNormalize whether to normalise by mean and std
 * @param doConvertRgb whether to convert to RGB (always true for {@code RgbImage} input)
 * @param resample PIL resampling filter id (3 = BICUBIC, the only one supported)
 */
public record PreprocessorConfig(
    long minPixels,
    long maxPixels,
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    ImmutableList<Double> imageMean,
    ImmutableList<Double> imageStd,
    double rescaleFactor,
    boolean doResize,
    boolean doRescale,
    boolean doNormalize,
    boolean doConvertRgb,
    int resample) {

  /** The file name in a checkpoint directory. */
  public static final String FILE_NAME = "preprocessor_config.json";

  /** OpenAI CLIP mean. */
  public static final ImmutableList<Double> CLIP_MEAN = ImmutableList.of(0.48145466, 0.4578275, 0.40821073);

  /** OpenAI CLIP std. */
  public static final ImmutableList<Double> CLIP_STD = ImmutableList.of(0.26862954, 0.26130258, 0.27577711);

  /** PIL's id of the bicubic filter. */
  public static final int BICUBIC = 3;

  /** Validates the values. */
  public PreprocessorConfig {
    requireNonNull(imageMean, "imageMean");
    requireNonNull(imageStd, "imageStd");
    checkArgument(patchSize > 0, "patch_size must be > 0, got %s", patchSize);
    checkArgument(temporalPatchSize > 0, "temporal_patch_size must be > 0, got %s", temporalPatchSize);
    checkArgument(mergeSize > 0, "merge_size must be > 0, got %s", mergeSize);
    checkArgument(minPixels > 0, "min_pixels must be > 0, got %s", minPixels);
    checkArgument(
        maxPixels >= minPixels, "max_pixels %s must be >= min_pixels %s", maxPixels, minPixels);
    long f = (long) patchSize * mergeSize;
    checkArgument(
        maxPixels >= f * f,
        "max_pixels %s is below one merged patch (%s * %s)",
        maxPixels,
        f,
        f);
    checkArgument(imageMean.size() == 3, "image_mean must have 3 entries, got %s", imageMean);
    checkArgument(imageStd.size() == 3, "image_std must have 3 entries, got %s", imageStd);
    for (double s : imageStd) {
      checkArgument(s > 0, "image_std entries must be > 0, got %s", imageStd);
    }
    checkArgument(rescaleFactor > 0, "rescale_factor must be > 0, got %s", rescaleFactor);
    checkArgument(
        resample == BICUBIC,
        "resample must be 3 (PIL BICUBIC), the filter Qwen2-VL uses; got %s",
        resample);
    imageMean = ImmutableList.copyOf(imageMean);
    imageStd = ImmutableList.copyOf(imageStd);
  }

  /** The published Qwen2.5-VL settings (min 3136, max 12845056 pixels, CLIP mean/std, bicubic). */
  public static PreprocessorConfig qwen25Vl() {
    return new PreprocessorConfig(
        3136, 12845056, 14, 2, 2, CLIP_MEAN, CLIP_STD, 1.0 / 255, true, true, true, true, BICUBIC);
  }

  /** A copy with other pixel bounds (users often lower max_pixels to save memory). */
  public PreprocessorConfig withPixelBounds(long min, long max) {
    return new PreprocessorConfig(
        min, max, patchSize, temporalPatchSize, mergeSize, imageMean, imageStd, rescaleFactor,
        doResize, doRescale, doNormalize, doConvertRgb, resample);
  }

  /** The resize factor, {@code patchSize * mergeSize} (28). */
  public int factor() {
    return patchSize * mergeSize;
  }

  /**
   * Reads {@code preprocessor_config.json} from a checkpoint directory, or the given file.
   *
   * @throws NoSuchFileException when the file is absent
   * @throws ConfigException when the content is malformed (the message names the file and field)
   */
  public static PreprocessorConfig read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "preprocessor config not found");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses the content of a {@code preprocessor_config.json}; {@code source} names it in errors. */
  public static PreprocessorConfig parse(String json, String source) {
    JsonReader r = JsonReader.of(JsonReader.parse(json, source), source);
    JsonReader size = r.child("size", null);
    long min = r.optLong("min_pixels", size == null ? 3136 : size.optLong("shortest_edge", 3136));
    long max = r.optLong("max_pixels", size == null ? 12845056 : size.optLong("longest_edge", 12845056));
    ImmutableList<Double> mean = r.optDoubleList("image_mean");
    ImmutableList<Double> std = r.optDoubleList("image_std");
    try {
      return new PreprocessorConfig(
          min,
          max,
          r.optInt("patch_size", 14),
          r.optInt("temporal_patch_size", 2),
          r.optInt("merge_size", 2),
          mean == null ? CLIP_MEAN : mean,
          std == null ? CLIP_STD : std,
          r.optDouble("rescale_factor", 1.0 / 255),
          r.optBool("do_resize", true),
          r.optBool("do_rescale", true),
          r.optBool("do_normalize", true),
          r.optBool("do_convert_rgb", true),
          r.optInt("resample", BICUBIC));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /** This config as a Hugging Face {@code preprocessor_config.json}. */
  public String toJson() {
    ObjectNode o = JsonReader.MAPPER.createObjectNode();
    o.put("min_pixels", minPixels);
    o.put("max_pixels", maxPixels);
    o.put("patch_size", patchSize);
    o.put("temporal_patch_size", temporalPatchSize);
    o.put("merge_size", mergeSize);
    var m = o.putArray("image_mean");
    imageMean.forEach(m::add);
    var s = o.putArray("image_std");
    imageStd.forEach(s::add);
    o.put("do_resize", doResize);
    o.put("resample", resample);
    o.put("do_rescale", doRescale);
    o.put("rescale_factor", rescaleFactor);
    o.put("do_normalize", doNormalize);
    o.put("do_convert_rgb", doConvertRgb);
    o.put("image_processor_type", "Qwen2VLImageProcessor");
    o.put("processor_class", "Qwen2_5_VLProcessor");
    return JsonReader.pretty(o);
  }

  /** Writes {@link #toJson()} to {@code dir/preprocessor_config.json}. */
  public Path write(Path dir) throws IOException {
    return JsonReader.write(dir, FILE_NAME, toJson());
  }
}
