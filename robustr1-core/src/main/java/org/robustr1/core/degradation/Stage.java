package org.robustr1.core.degradation;

/**
 * The four stages of the Robust-R1 degradation pipeline, in the order an image passes through them.
 *
 * <p>The official code calls the first stage {@code capture}; the paper calls it acquisition.
 */
public enum Stage {
  /** Optics and sensor: blur, flare, dirty lens, saturation ({@code capture} in the official code). */
  ACQUISITION("capture"),
  /** Coding and channel: JPEG, block exchange, mean shift, scan lines. */
  TRANSMISSION("transmission"),
  /** Scene and light: darkness, turbulence, noise, colour diffusion. */
  ENVIRONMENT("environment"),
  /** Editing after capture: sharpening, graffiti, watermark damage. */
  POSTPROCESSING("postprocessing");

  private final String configKey;

  Stage(String configKey) {
    this.configKey = configKey;
  }

  /** The stage key of the official {@code DEGRADATION_CONFIG}. */
  public String configKey() {
    return configKey;
  }
}
