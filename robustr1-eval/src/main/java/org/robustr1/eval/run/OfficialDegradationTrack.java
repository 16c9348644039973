package org.robustr1.eval.run;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.ops.ParamsCodec;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.pipeline.DegradedImage;
import org.robustr1.degrade.pipeline.Step;

/**
 * A degradation track backed by {@link DegradationPipeline} in official mode at a fixed
 * intensity. The op and its random parameters are drawn from a generator seeded by the base seed
 * and the image id, so every level degrades an image with the same method.
 */
final class OfficialDegradationTrack implements DegradationTrack {

  private final String name;
  private final double intensity;
  private final DegradationPipeline pipeline;
  private final long seed;

  OfficialDegradationTrack(String name, double intensity, long seed) {
    this.name = requireNonNull(name, "name");
    checkArgument(intensity > 0 && intensity <= 1, "intensity must be in (0, 1], got %s", intensity);
    this.intensity = intensity;
    this.seed = seed;
    this.pipeline = DegradationPipeline.builder()
        .optMode(DegradationPipeline.Mode.OFFICIAL).optSeed(seed).optIntensity(intensity).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double intensity() {
    return intensity;
  }

  @Override
  public String settings() {
    return "official intensity=" + intensity + " seed=" + seed;
  }

  @Override
  public RgbImage apply(RgbImage image, String imageId, Map<String, Object> manifest) {
    List<Step> steps = pipeline.plan(image.width(), image.height(), imageId);
    DegradedImage d = pipeline.degrade(image, imageId);
    List<Map<String, Object>> desc = new ArrayList<>();
    for (Step s : steps) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", s.type().opName());
      m.put("intensity", s.intensity().value());
      m.put("params", ParamsCodec.toMap(s.params()));
      desc.add(m);
    }
    manifest.put("method", steps.size() == 1 ? steps.get(0).type().opName() : "composite");
    manifest.put("steps", desc);
    return d.image();
  }
}
