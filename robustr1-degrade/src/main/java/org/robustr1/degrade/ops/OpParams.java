package org.robustr1.degrade.ops;

import com.google.common.collect.ImmutableMap;

/**
 * The explicit parameters of one application of an op: a record whose component names are the
 * field names of the golden fixture schema ({@code shared/golden/degrade-robust-r1/README.md} §3).
 */
public interface OpParams {

  /**
   * The parameters as a JSON-compatible map (numbers, booleans, strings, lists, maps) with the
   * schema field names, in record order; absent optional values are left out.
   */
  default ImmutableMap<String, Object> toMap() {
    return ParamsCodec.toMap(this);
  }
}
