package org.robustr1.model.device;

import static com.google.common.base.Preconditions.checkArgument;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@link DeviceSpec}s on this machine and holds the process-wide defaults that loaders use
 * when no device is given ({@code Qwen25VlModel.load(dir)}, the trainers, the demo): the device
 * ({@link #setDefault}, else the system property {@code robustr1.device}, else {@code auto}) and
 * whether fp32 matmuls may use TF32 on the GPU ({@link #setTf32}).
 *
 * <p>A GPU counts as visible when DJL's PyTorch engine has the CUDA capability (a CUDA libtorch is
 * loaded and sees a device) and either DJL counts it ({@code CudaUtils}, which needs JNA to load
 * {@code libcudart}) or a tensor can be created on it: DJL's own {@code defaultDevice()} answers
 * the CPU in the second case, silently; here {@code auto} finds the GPU and logs which device it
 * took.
 */
public final class Devices {

  private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

  /** The system property read for the default device when none was set ({@code auto}, ...). */
  public static final String DEVICE_PROPERTY = "robustr1.device";

  /** PyTorch's switch that lets fp32 cuBLAS matmuls use TF32 (read at the first one). */
  static final String TORCH_TF32_ENV = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";

  /** NVIDIA's switch: {@code 0} keeps cuBLAS and cuDNN from using TF32 whatever the framework asks. */
  static final String NVIDIA_TF32_ENV = "NVIDIA_TF32_OVERRIDE";

  private static DeviceSpec defaultSpec;
  private static Device resolvedDefault;
  private static Boolean tf32;
  private static boolean loggedAuto;

  private Devices() {}

  /** The PyTorch engine (loaded on first use). */
  public static Engine engine() {
    return Engine.getEngine("PyTorch");
  }

  /**
   * Sets the device loaders use when none is given; resolved now, so a GPU that is not visible
   * fails here.
   *
   * @return the resolved device
   * @throws GpuUnavailableException when {@code spec} asks for a GPU that is not visible
   */
  public static synchronized Device setDefault(DeviceSpec spec) {
    Device d = resolve(requireNonNull(spec, "spec"));
    defaultSpec = spec;
    resolvedDefault = d;
    return d;
  }

  /**
   * The device loaders use when none is given: the one set by {@link #setDefault}, else the system
   * property {@value #DEVICE_PROPERTY}, else {@code auto}; resolved once per process.
   */
  public static synchronized Device defaultDevice() {
    if (resolvedDefault == null) {
      String p = System.getProperty(DEVICE_PROPERTY);
      defaultSpec = p == null || p.isBlank() ? DeviceSpec.AUTO : DeviceSpec.parse(p);
      resolvedDefault = resolve(defaultSpec);
    }
    return resolvedDefault;
  }

  /** {@code device}, or the {@link #defaultDevice()} when null. */
  public static Device orDefault(Device device) {
    return device != null ? device : defaultDevice();
  }

  /** A new base manager of the PyTorch engine on {@code device} (the default device when null). */
  public static NDManager newManager(Device device) {
    return NDManager.newBaseManager(orDefault(device), "PyTorch");
  }

  /**
   * The device {@code spec} names on this machine: {@code cpu}; {@code gpu:N} when at least N + 1
   * GPUs are visible; {@code auto}: {@code gpu:0} when a GPU is visible, else the CPU (logged once
   * either way).
   *
   * @throws GpuUnavailableException when a GPU is asked for and not visible (one line saying what
   *     DJL found and how it looks for a GPU)
   */
  public static Device resolve(DeviceSpec spec) {
    requireNonNull(spec, "spec");
    switch (spec.kind()) {
      case CPU:
        return Device.cpu();
      case GPU:
        {
          int n = visibleGpus();
          if (n == 0) {
            throw new GpuUnavailableException(noGpuMessage(spec));
          }
          if (spec.index() >= n) {
            throw new GpuUnavailableException(
                String.format(
                    Locale.ROOT,
                    "--device %s: only %d GPU%s visible (gpu:0%s); CUDA_VISIBLE_DEVICES=%s",
                    spec,
                    n,
                    n == 1 ? " is" : "s are",
                    n > 1 ? "..gpu:" + (n - 1) : "",
                    System.getenv("CUDA_VISIBLE_DEVICES")));
          }
          Device d = Device.gpu(spec.index());
          applyTf32Default();
          return d;
        }
      case AUTO:
      default:
        {
          int n = visibleGpus();
          Device d = n > 0 ? Device.gpu(0) : Device.cpu();
          if (n > 0) {
            applyTf32Default();
          }
          synchronized (Devices.class) {
            if (!loggedAuto) {
              loggedAuto = true;
              if (n > 0) {
                LOG.info("device auto: {} ({})", DeviceSpec.of(d), describe(d));
              } else {
                LOG.info("device auto: no GPU is visible, running on the CPU ({})", whyNoGpu());
              }
            }
          }
          return d;
        }
    }
  }

  /**
   * How many GPUs the engine can use: DJL's count, or 1 when DJL counts none although the loaded
   * libtorch has CUDA and a tensor can be created on {@code gpu(0)} (JNA did not find {@code
   * libcudart}).
   */
  public static int visibleGpus() {
    Engine e = engine();
    if (!e.hasCapability(StandardCapabilities.CUDA)) {
      return 0;
    }
    int n = e.getGpuCount();
    if (n > 0) {
      return n;
    }
    try (NDManager m = NDManager.newBaseManager(Device.gpu(0), "PyTorch");
        NDArray probe = m.zeros(new ai.djl.ndarray.types.Shape(1))) {
      probe.getDevice();
      LOG.warn(
          "DJL counts no GPU (JNA did not load libcudart; set -Djna.library.path to its folder),"
              + " but the CUDA libtorch created a tensor on gpu(0): using it");
      return 1;
    } catch (EngineException | IllegalArgumentException | IllegalStateException e2) {
      return 0;
    }
  }

  /** A short description of {@code device}: the GPU's compute capability and memory, or "cpu". */
  public static String describe(Device device) {
    if (!device.isGpu()) {
      return "cpu";
    }
    try {
      java.lang.management.MemoryUsage mem = CudaUtils.getGpuMemory(device);
      return String.format(
          Locale.ROOT,
          "compute capability %s, %.1f GiB, PyTorch %s",
          CudaUtils.getComputeCapability(device.getDeviceId()),
          mem.getMax() / (double) (1L << 30),
          engine().getVersion());
    } catch (RuntimeException | LinkageError e) {
      return "PyTorch " + engine().getVersion() + ", CUDA runtime not readable through JNA";
    }
  }

  /** Why no GPU is visible, in one clause. */
  static String whyNoGpu() {
    Engine e = engine();
    if (!e.hasCapability(StandardCapabilities.CUDA)) {
      return "DJL loaded PyTorch " + e.getVersion() + " without CUDA";
    }
    return "the CUDA libtorch " + e.getVersion() + " sees no device";
  }

  /** The one-line answer to {@code --device gpu} on a machine where no GPU is visible. */
  static String noGpuMessage(DeviceSpec spec) {
    return "--device "
        + spec
        + ": no GPU is visible ("
        + whyNoGpu()
        + "). DJL finds a GPU through the CUDA driver (libcuda, as nvidia-smi does) and the CUDA"
        + " runtime libcudart loaded with JNA (-Djna.library.path=DIR), and loads a CUDA libtorch only"
        + " when PYTORCH_FLAVOR names one (cu128 for DJL 0.36) or PYTORCH_LIBRARY_PATH points at one,"
        + " and pytorch-native-cpu is not on the classpath; see README 'Running on a GPU'."
        + " Use --device cpu or --device auto to run on the CPU.";
  }

  /**
   * Sets how many threads PyTorch's CPU ops started from the calling thread use (intra-op
   * parallelism, one per core by default; an OpenMP setting of the calling thread). Small models
   * gain from one: the demo's tiny Qwen2.5-VL ran 1.9 times faster with 1 thread than with 2 on a
   * 2-core machine under {@code OMP_WAIT_POLICY=PASSIVE}, where every op wakes the second thread
   * (docs/benchmarks.md). Results may differ from another thread count by float rounding.
   *
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public static void setCpuThreads(int n) {
    checkArgument(n >= 1, "CPU threads must be >= 1, got %s", n);
    engine();
    JniUtils.setNumThreads(n);
  }

  /** The intra-op threads of PyTorch's CPU ops started from the calling thread. */
  public static int cpuThreads() {
    engine();
    return JniUtils.getNumThreads();
  }

  /**
   * Whether fp32 matmuls on the GPU may use TF32 tensor cores (about 10 bits of mantissa in the
   * products; much faster for training). Set through the environment of this process before the
   * first GPU matmul, which is when PyTorch and cuBLAS read it: {@code true} sets {@value
   * #TORCH_TF32_ENV}=1; {@code false} sets it to 0 and {@value #NVIDIA_TF32_ENV}=0 (which also keeps
   * cuDNN convolutions in full fp32). Without a call, the first GPU device resolved allows TF32
   * unless the environment already says otherwise. No effect on the CPU.
   */
  public static synchronized void setTf32(boolean allow) {
    tf32 = allow;
    setenv(TORCH_TF32_ENV, allow ? "1" : "0");
    if (!allow) {
      setenv(NVIDIA_TF32_ENV, "0");
    } else if ("0".equals(System.getenv(NVIDIA_TF32_ENV))) {
      LOG.warn("{}=0 in the environment keeps cuBLAS from using TF32 although it is allowed", NVIDIA_TF32_ENV);
    }
  }

  /** Whether TF32 was allowed ({@code Optional.empty()} while not decided yet). */
  public static synchronized java.util.Optional<Boolean> tf32() {
    return java.util.Optional.ofNullable(tf32);
  }

  private static synchronized void applyTf32Default() {
    if (tf32 != null) {
      return;
    }
    String env = System.getenv(TORCH_TF32_ENV);
    if (env != null) {
      tf32 = "1".equals(env.trim());
      return;
    }
    setTf32(true);
  }

  /** libc's {@code setenv}: native code (PyTorch, cuBLAS) reads the process environment, Java's copy stays as it was. */
  private static void setenv(String name, String value) {
    try {
      CLib.INSTANCE.setenv(name, value, 1);
    } catch (LinkageError | RuntimeException e) {
      LOG.warn("cannot set {}={} in the process environment ({}); set it before starting Java", name, value, e.toString());
    }
  }

  private interface CLib extends Library {
    CLib INSTANCE = Native.load("c", CLib.class);

    int setenv(String name, String value, int overwrite);
  }
}
