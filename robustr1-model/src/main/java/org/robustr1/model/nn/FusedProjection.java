package org.robustr1.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Linear layers that read the same input (q, k and v of a decoder layer; gate and up of a SwiGLU
 * MLP) applied as one matmul,
 * without a second copy of their weights and without changing their checkpoint names or shapes.
 *
 * <p>{@link #pack} concatenates the weights (and biases) along the output axis into one array and
 * re-points each layer's parameter at a view of its rows: the parameters stay separate leaves of
 * their own shapes (what loading, saving, freezing and optimizers see), in-place updates through
 * them (an optimizer step) land in the fused array, and one {@code linear} computes all outputs.
 * A single-row decode step then streams the small k/v matrices inside the large matmul instead of
 * paying the call and thread wake-up overhead of two more.
 *
 * <p>The fused matmul is used only without autograd (or when none of the layers requires
 * gradients): with autograd the layers run separately so that their gradients reach their own
 * parameters. Before each fused use the parameters are checked to still be views of the fused
 * storage (same native handle and data address as when packed); code that replaces a parameter's
 * storage ({@code intern}, {@code NDArray.set(Buffer)}) therefore only makes the next inference
 * forward re-pack (or, while gradients are attached, fall back to separate matmuls), never
 * compute with stale weights.
 */
final class FusedProjection {

  private static final Addresses ADDRESSES = Addresses.create();

  private final HfLinear[] parts;
  private final boolean withBias;
  private NDArray weight;
  private NDArray bias;
  private long[] handles;
  private long[] addresses;
  private boolean unreadable;

  FusedProjection(HfLinear... parts) {
    this.parts = parts.clone();
    boolean b = true;
    for (HfLinear p : parts) {
      b &= p.bias() != null;
    }
    this.withBias = b;
  }

  /** The outputs of all parts concatenated over the last axis. */
  NDArray forward(NDArray x) {
    if (!GradMode.isEnabled() || !requiresGradient()) {
      NDArray[] wb = fused();
      if (wb != null) {
        return x.getNDArrayInternal().linear(x, wb[0], wb[1]).singletonOrThrow();
      }
    }
    NDList outs = new NDList(parts.length);
    for (HfLinear p : parts) {
      outs.add(p.forward(x));
    }
    return NDArrays.concat(outs, -1);
  }

  /**
   * The outputs of the parts, one array each: split from one fused matmul when fusing, else one
   * matmul per part (no concatenation under autograd).
   */
  NDList forwardParts(NDArray x) {
    if (!GradMode.isEnabled() || !requiresGradient()) {
      NDArray[] wb = fused();
      if (wb != null) {
        NDArray y = x.getNDArrayInternal().linear(x, wb[0], wb[1]).singletonOrThrow();
        long[] at = new long[parts.length - 1];
        long row = 0;
        for (int i = 0; i < at.length; i++) {
          row += parts[i].outFeatures();
          at[i] = row;
        }
        return y.split(at, y.getShape().dimension() - 1);
      }
    }
    NDList outs = new NDList(parts.length);
    for (HfLinear p : parts) {
      outs.add(p.forward(x));
    }
    return outs;
  }

  private boolean requiresGradient() {
    for (HfLinear p : parts) {
      if (p.weight().requiresGradient() || (p.bias() != null && p.bias().requiresGradient())) {
        return true;
      }
    }
    return false;
  }

  /** The fused weight and bias when the parts still share them, re-packing if possible. */
  private synchronized NDArray[] fused() {
    if (!isPacked()) {
      if (!canPack()) {
        return null;
      }
      pack();
    }
    return new NDArray[] {weight, bias};
  }

  /**
   * Concatenates the parts' current values into one fused array and makes each part's parameters
   * views of it. Idempotent; a no-op when the parameters are not set yet, not on the CPU, or the
   * data address of an array cannot be read.
   */
  synchronized void pack() {
    if (isPacked() || !canPack()) {
      return;
    }
    GradMode.noGrad(
        () -> {
          NDArray oldWeight = weight;
          NDArray oldBias = bias;
          NDList ws = new NDList(parts.length);
          NDList bs = new NDList(parts.length);
          for (HfLinear p : parts) {
            ws.add(p.weight().getArray());
            if (withBias) {
              bs.add(p.bias().getArray());
            }
          }
          NDArray w = NDArrays.concat(ws, 0);
          NDScope.unregister(w);
          NDArray b = null;
          if (withBias) {
            b = NDArrays.concat(bs, 0);
            NDScope.unregister(b);
          }
          long[] h = new long[parts.length * 2];
          long[] a = new long[parts.length * 2];
          long row = 0;
          for (int i = 0; i < parts.length; i++) {
            long out = parts[i].outFeatures();
            NDIndex rows = new NDIndex("{}:{}", row, row + out);
            repoint(parts[i].weight(), w.get(rows));
            h[2 * i] = handle(parts[i].weight().getArray());
            a[2 * i] = ADDRESSES.of(parts[i].weight().getArray());
            if (withBias) {
              repoint(parts[i].bias(), b.get(rows));
              h[2 * i + 1] = handle(parts[i].bias().getArray());
              a[2 * i + 1] = ADDRESSES.of(parts[i].bias().getArray());
            }
            row += out;
            // without a readable address the sharing check would fail every time: stop fusing
            unreadable |= a[2 * i] == -1 || (withBias && a[2 * i + 1] == -1);
          }
          weight = w;
          bias = b;
          handles = h;
          addresses = a;
          if (oldWeight != null) {
            oldWeight.close();
          }
          if (oldBias != null) {
            oldBias.close();
          }
          return null;
        });
  }

  private boolean canPack() {
    if (!ADDRESSES.available() || unreadable) {
      return false;
    }
    for (HfLinear p : parts) {
      Parameter w = p.weight();
      if (!w.isInitialized() || !w.getArray().getDevice().equals(Device.cpu())) {
        return false;
      }
      if (withBias && !p.bias().isInitialized()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the parts are currently views of the fused storage (package-private for tests). */
  boolean isPacked() {
    if (weight == null || weight.isReleased()) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!sameStorage(parts[i].weight(), 2 * i)
          || (withBias && !sameStorage(parts[i].bias(), 2 * i + 1))) {
        return false;
      }
    }
    return true;
  }

  private boolean sameStorage(Parameter p, int slot) {
    NDArray a = p.getArray();
    return !a.isReleased()
        && handle(a) == handles[slot]
        && addresses[slot] != -1
        && ADDRESSES.of(a) == addresses[slot];
  }

  private static void repoint(Parameter p, NDArray view) {
    NDScope.unregister(view);
    NDArray target = p.getArray();
    boolean requiresGrad = target.hasGradient();
    target.intern(view);
    target.setRequiresGradient(requiresGrad);
  }

  private static long handle(NDArray a) {
    return ((PtNDArray) a).getHandle();
  }

  /**
   * Reads the native data address of a CPU tensor through a direct buffer over its data, with JNA's
   * {@code GetDirectBufferAddress} (no {@code sun.misc.Unsafe}, which warns from JDK 24 on).
   */
  private record Addresses(boolean available) {

    static Addresses create() {
      try {
        Native.getDirectBufferPointer(ByteBuffer.allocateDirect(1));
        return new Addresses(true);
      } catch (LinkageError | RuntimeException e) {
        return new Addresses(false);
      }
    }

    long of(NDArray a) {
      ByteBuffer direct = JniUtils.getByteBuffer((PtNDArray) a, true);
      return direct.isDirect() ? Pointer.nativeValue(Native.getDirectBufferPointer(direct)) : -1;
    }
  }
}
