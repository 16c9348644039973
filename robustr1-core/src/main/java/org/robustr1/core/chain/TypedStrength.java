package org.robustr1.core.chain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.robustr1.core.degradation.DegradationType;

/**
 * One entry of a chain's {@code <TYPE>} section: a degradation name with its strength, e.g. {@code
 * motion blur(0.45)}.
 *
 * <p>{@code name} is the name as written (for a type built from a {@link DegradationType} it is
 * its {@link DegradationType#chainName() chain name}); {@code type} is the degradation the name
 * resolves to through {@link DegradationType#lookup(String)}, empty for a name the library does not
 * know (models invent names).
 *
 * @param name the name as written, trimmed, never null
 * @param type the resolved degradation, if any
 * @param strength the strength, finite and not negative (model output may exceed 1)
 */
public record TypedStrength(String name, Optional<DegradationType> type, double strength) {

  /** Validates. */
  public TypedStrength {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    checkArgument(
        Double.isFinite(strength) && strength >= 0,
        "strength of '%s' must be a finite non-negative number, got %s",
        name,
        strength);
  }

  /** A known degradation, named by its chain name ({@code motion blur}). */
  public static TypedStrength of(DegradationType type, double strength) {
    return new TypedStrength(type.chainName(), Optional.of(type), strength);
  }

  /**
   * A name as written, resolved with {@link DegradationType#lookup(String)} (tolerant of case,
   * spaces, hyphens and underscores).
   */
  public static TypedStrength named(String name, double strength) {
    String n = name.trim();
    Optional<DegradationType> t =
        n.length() <= ChainFormat.MAX_NAME_LENGTH ? DegradationType.lookup(n) : Optional.empty();
    return new TypedStrength(n, t, strength);
  }

  /** Whether {@link #type()} is present. */
  public boolean isKnown() {
    return type.isPresent();
  }
}
