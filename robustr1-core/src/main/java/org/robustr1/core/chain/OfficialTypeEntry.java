package org.robustr1.core.chain;

/**
 * One {@code name(strength)} pair as the reference {@code extract_image_degradations} finds it with
 * {@code re.findall(r'(\w+(?:\s+\w+)*)\(([\d.]+)\)', types)}.
 *
 * @param name the name as matched (words separated by whitespace; exact, case-sensitive)
 * @param strengthText the text inside the parentheses (digits and dots)
 * @param strength {@code float(strengthText)}, or {@code NaN} where Python's {@code float()} would
 *     raise (no digit, or more than one dot), which crashes the reference training step
 */
public record OfficialTypeEntry(String name, String strengthText, double strength) {

  /** Whether Python's {@code float()} accepts {@link #strengthText()}. */
  public boolean wellFormed() {
    return !Double.isNaN(strength);
  }
}
