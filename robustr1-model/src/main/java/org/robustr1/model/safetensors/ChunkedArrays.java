package org.robustr1.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Builds large FLOAT32 arrays from row blocks, so no single 2 GiB Java buffer is needed. */
final class ChunkedArrays {
  private ChunkedArrays() {}

  static NDArray floatArray(TensorSource src, NDManager manager, TensorInfo info, long maxChunkElems) {
    long[] shape = info.shape();
    long rowElems = info.numel() / shape[0];
    long rowsPerChunk = Math.max(1, maxChunkElems / Math.max(1, rowElems));
    try (NDList parts = new NDList()) {
      for (long r = 0; r < shape[0]; r += rowsPerChunk) {
        long rows = Math.min(rowsPerChunk, shape[0] - r);
        int count = Math.toIntExact(rows * rowElems);
        float[] tmp = new float[count];
        src.readFloats(info.name(), r * rowElems, tmp, 0, count);
        long[] s = shape.clone();
        s[0] = rows;
        parts.add(manager.create(tmp, new Shape(s)));
      }
      NDArray out = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
      out.setName(info.name());
      return out;
    }
  }
}
