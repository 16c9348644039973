package org.robustr1.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.processor.Qwen2VlImageProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a local Qwen2.5-VL checkpoint is loaded and fed (a picocli mixin of {@code generate}, {@code
 * eval}, {@code sft} and {@code grpo}): the device and precision ({@link DeviceOption}), the image
 * pixel bounds and whether non-finite weights are refused.
 */
final class ModelOptions {

  @Mixin DeviceOption device = new DeviceOption();

  @Option(names = "--max-pixels", paramLabel = "N", description = {
      "largest resized image area (default: the checkpoint's preprocessor_config.json, 12845056",
      "for Qwen2.5-VL); lower it to bound the memory and time a large photo takes"})
  Long maxPixels;

  @Option(names = "--min-pixels", paramLabel = "N", description = "smallest resized image area (default: preprocessor_config.json, 3136)")
  Long minPixels;

  @Option(names = "--allow-nonfinite-weights", description = {
      "load weights holding NaN or Inf with a warning (default: refused, naming the tensors)"})
  boolean allowNonFinite;

  /**
   * Loads {@code dir} (weights from {@code weights}, null for the default) for inference with these
   * options: on {@code --device} in {@code --dtype}.
   */
  Qwen25VlModel load(Path dir, String weights) throws IOException {
    Logging.quietTorch();
    DeviceOption.Placement at = device.forInference();
    Qwen25VlModel m =
        Qwen25VlModel.loader(dir)
            .optWeightsFile(weights)
            .optRefuseNonFinite(!allowNonFinite)
            .optDevice(at.device())
            .optPrecision(at.precision())
            .load();
    try {
      apply(m);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /**
   * Checks, before the model loads, that Qwen2-VL's processor can take each image (sides of at
   * least 10 pixels, aspect ratio at most 200), with the checkpoint's {@code
   * preprocessor_config.json} or the Qwen2.5-VL defaults.
   *
   * @throws UserError naming the image file and what is wrong
   */
  void checkImages(Path dir, List<Path> files, List<RgbImage> images) throws IOException {
    PreprocessorConfig cfg = Files.isRegularFile(dir.resolve(PreprocessorConfig.FILE_NAME))
        ? PreprocessorConfig.read(dir) : PreprocessorConfig.qwen25Vl();
    Qwen2VlImageProcessor p = new Qwen2VlImageProcessor(cfg);
    for (int i = 0; i < images.size(); i++) {
      try {
        p.targetSize(images.get(i).height(), images.get(i).width());
      } catch (IllegalArgumentException e) {
        throw new UserError(files.get(i) + ": " + e.getMessage() + "; give a larger image", e);
      }
    }
  }

  /** Applies {@code --min-pixels} / {@code --max-pixels}, if given, to a loaded model. */
  void apply(Qwen25VlModel m) {
    if (minPixels == null && maxPixels == null) {
      return;
    }
    var current = m.processor()
        .orElseThrow(() -> new IllegalArgumentException("--min-pixels/--max-pixels need a checkpoint with tokenizer.json"))
        .imageProcessor().config();
    m.setPixelBounds(minPixels == null ? current.minPixels() : minPixels,
        maxPixels == null ? current.maxPixels() : maxPixels);
  }
}
