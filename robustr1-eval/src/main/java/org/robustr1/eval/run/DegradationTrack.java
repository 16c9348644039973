package org.robustr1.eval.run;

import java.util.Map;
import org.robustr1.core.image.RgbImage;

/**
 * One evaluation condition: the images as they are ({@link #clean()}) or degraded at a given
 * level. Implementations are deterministic given the seed, so a resumed run degrades an item
 * exactly as the first attempt did.
 */
public interface DegradationTrack {

  /** The track's name, used in cache keys and reports ({@code clean}, {@code 25}, ...). */
  String name();

  /** The intensity (0 for clean). */
  double intensity();

  /**
   * Transforms one image.
   *
   * @param image the clean image
   * @param seed per-item seed (derived from the item key and the track)
   * @param manifest receives a description of what was applied (method, parameters)
   */
  RgbImage apply(RgbImage image, long seed, Map<String, Object> manifest);

  /** The identity track. */
  static DegradationTrack clean() {
    return new DegradationTrack() {
      @Override
      public String name() {
        return "clean";
      }

      @Override
      public double intensity() {
        return 0.0;
      }

      @Override
      public RgbImage apply(RgbImage image, long seed, Map<String, Object> manifest) {
        manifest.put("method", "none");
        return image;
      }
    };
  }
}
