package org.robustr1.model.safetensors;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name the tensor name
 * @param dtype the element type on disk
 * @param shape the dimensions, row-major (empty for a scalar)
 * @param begin start offset in the data section (after the header), in bytes
 * @param end end offset (exclusive) in the data section
 * @param file the file that holds the tensor
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end, Path file) {

  /** Validates non-null and copies the shape. */
  public TensorInfo {
    requireNonNull(name, "name");
    requireNonNull(dtype, "dtype");
    requireNonNull(file, "file");
    shape = shape.clone();
  }

  /** The dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Number of bytes on disk. */
  public long byteSize() {
    return end - begin;
  }

  /** The shape as {@code [a, b]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end
        && file.equals(t.file);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + shapeString() + " @" + file.getFileName();
  }
}
