package org.robustr1.degrade.scenes;

/** The colours of scene objects: saturated hues far apart, so that each stays nameable after JPEG. */
public enum SceneColor {
  RED("red", 0xD62828),
  GREEN("green", 0x2A9D3F),
  BLUE("blue", 0x1F4FD6),
  YELLOW("yellow", 0xF2C81B),
  PURPLE("purple", 0x8E3CC8),
  ORANGE("orange", 0xF07A14);

  private final String word;
  private final int rgb;

  SceneColor(String word, int rgb) {
    this.word = word;
    this.rgb = rgb;
  }

  /** The colour name, e.g. {@code red}. */
  public String word() {
    return word;
  }

  /** The packed {@code 0xRRGGBB} value used to draw the colour. */
  public int rgb() {
    return rgb;
  }
}
