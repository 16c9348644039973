package org.robustr1.bench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.robustr1.core.tensor.NpyArray;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.device.Bf16Probe;
import org.robustr1.model.device.DeviceSpec;
import org.robustr1.model.device.Devices;
import org.robustr1.model.device.Precision;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * Parity of the golden tiny-a checkpoint ({@code shared/golden/qwen25vl-tiny-a}, outputs of the
 * Hugging Face reference) on a device against the fixture and against this library on the CPU:
 * the 12 greedy ids of {@code generation.json}, the logits at every prompt position (max |Δ| to the
 * CPU fp32 run, goal ≤ 1e-4 in fp32) and at the last four (to the fixture's {@code
 * logits_last4.npy}); then fp16 (and bf16 where the engine supports it) greedy ids and their max
 * logit error. Exit code 1 when the fp32 ids differ or the fp32 error is above the goal.
 *
 * <pre>
 * java -cp robustr1-bench/target/benchmarks.jar org.robustr1.bench.model.GpuParity \
 *     --golden ../shared/golden/qwen25vl-tiny-a --device gpu [--tf32 off] [--json parity.json]
 * </pre>
 *
 * TF32 is read by PyTorch once per process: run it once with {@code --tf32 off} (the 1e-4 goal) and
 * once with {@code --tf32 on} to see what TF32 costs in accuracy.
 */
public final class GpuParity {

  /** The fp32 goal for the logits of the device against the CPU. */
  static final double FP32_GOAL = 1e-4;

  private final ObjectMapper json = new ObjectMapper();
  private final Path golden;
  private final int[] ids;
  private final float[] pixels;
  private final List<int[]> grids = new ArrayList<>();
  private final int[] want;

  private GpuParity(Path golden) throws IOException {
    this.golden = golden;
    JsonNode inputs = json.readTree(golden.resolve("inputs.json").toFile());
    ids = ints(inputs.get("input_ids").get(0));
    for (JsonNode g : inputs.get("image_grid_thw")) {
      grids.add(ints(g));
    }
    pixels = NpyArray.read(golden.resolve("pixel_values.npy")).toFloats();
    want = ints(json.readTree(golden.resolve("generation.json").toFile()).get("new_token_ids"));
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  /** One model's outputs: greedy ids and the prompt's logits. */
  private record Outputs(int[] ids, float[] logits, float[] last4) {}

  private Outputs run(Device device, Precision precision) throws IOException {
    try (Qwen25VlModel model = Qwen25VlModel.loader(golden).optDevice(device).optPrecision(precision).load();
        NDManager m = model.manager().newSubManager();
        EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, pixels, grids))) {
      int[] got = model.generateIds(List.of(p), SamplingConfig.greedy(want.length), true).get(0).tokenIds();
      NDArray logits = model.promptLogits(m, p);
      float[] last4 = logits.get(new NDIndex("-4:, :")).toFloatArray();
      return new Outputs(got, logits.toFloatArray(), last4);
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs((double) a[i] - b[i]));
    }
    return d;
  }

  /**
   * Runs the checks.
   *
   * @param args {@code --golden DIR --device SPEC [--tf32 on|off] [--json FILE]}
   */
  public static void main(String[] args) throws IOException {
    System.exit(run(args));
  }

  /** {@link #main} without exiting: 0 when the fp32 checks pass, else 1. */
  static int run(String[] args) throws IOException {
    String goldenDir = "../shared/golden/qwen25vl-tiny-a";
    String deviceSpec = "gpu";
    String tf32 = "";
    String jsonOut = "";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--golden" -> goldenDir = args[i + 1];
        case "--device" -> deviceSpec = args[i + 1];
        case "--tf32" -> tf32 = args[i + 1];
        case "--json" -> jsonOut = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--golden, --device, --tf32, --json)");
      }
    }
    if (!tf32.isEmpty()) {
      Devices.setTf32(tf32.equals("on"));
    }
    GradMode.set(false);
    Device device = Devices.setDefault(DeviceSpec.parse(deviceSpec));
    GpuParity check = new GpuParity(Path.of(goldenDir));
    System.out.printf(Locale.ROOT, "GpuParity: %s on %s (%s), TF32 %s%n", goldenDir, DeviceSpec.of(device),
        Devices.describe(device), device.isGpu() ? Devices.tf32().map(b -> b ? "allowed" : "off").orElse("default") : "n/a");
    return check.report(device, jsonOut) ? 0 : 1;
  }

  private boolean report(Device device, String jsonOut) throws IOException {
    // the fixture's last-four logits are optional (gpu-stage.sh leaves them out to save 2 MiB):
    // the device is compared with this library's CPU run, which the parity tests tie to them
    Path last4File = golden.resolve("logits_last4.npy");
    float[] fixtureLast4 = Files.isRegularFile(last4File) ? NpyArray.read(last4File).toFloats() : null;
    Outputs cpu = run(Device.cpu(), Precision.FP32);
    ObjectNode root = json.createObjectNode();
    root.put("device", DeviceSpec.of(device).toString());
    root.put("device_description", Devices.describe(device));
    root.put("tf32", Devices.tf32().map(String::valueOf).orElse("default"));
    root.put("cpu_fp32_ids_equal_fixture", Arrays.equals(cpu.ids(), want));
    root.put("cpu_fp32_last4_vs_fixture", fixtureLast4 == null ? Double.NaN : maxAbsDiff(cpu.last4(), fixtureLast4));
    ArrayNode rows = root.putArray("runs");
    boolean ok = Arrays.equals(cpu.ids(), want);
    List<Precision> precisions = new ArrayList<>(List.of(Precision.FP32, Precision.FP16));
    Bf16Probe.Result bf16 = Bf16Probe.supported();
    if (bf16.supported()) {
      precisions.add(Precision.BF16);
    } else {
      root.put("bf16", "not supported: " + bf16.detail());
      System.out.println("bf16: not supported by the loaded engine (" + bf16.detail() + ")");
    }
    for (Precision p : precisions) {
      Outputs o = run(device, p);
      double vsCpu = maxAbsDiff(o.logits(), cpu.logits());
      double vsFixture = fixtureLast4 == null ? Double.NaN : maxAbsDiff(o.last4(), fixtureLast4);
      int same = 0;
      while (same < want.length && same < o.ids().length && o.ids()[same] == want[same]) {
        same++;
      }
      boolean idsEqual = Arrays.equals(o.ids(), want);
      String verdict = "";
      if (p == Precision.FP32) {
        boolean pass = idsEqual && vsCpu <= FP32_GOAL;
        ok &= pass;
        verdict = pass ? "  PASS" : "  FAIL (goal: ids equal, max|Δ| ≤ 1e-4)";
      }
      System.out.printf(Locale.ROOT,
          "%s on %s: greedy ids %s fixture (%d of %d leading equal); logits max|Δ| vs CPU fp32 %.3g (all %d positions),"
              + " last4 vs fixture %.3g%s%n",
          p, DeviceSpec.of(device), idsEqual ? "==" : "!=", same, want.length, vsCpu, ids.length, vsFixture, verdict);
      ObjectNode r = rows.addObject();
      r.put("dtype", p.toString());
      r.put("ids_equal_fixture", idsEqual);
      r.put("leading_ids_equal", same);
      r.putPOJO("ids", o.ids());
      r.put("max_abs_logit_diff_vs_cpu_fp32", vsCpu);
      r.put("max_abs_logit_diff_last4_vs_fixture", vsFixture);
    }
    root.put("pass", ok);
    if (!jsonOut.isEmpty()) {
      Files.writeString(Path.of(jsonOut), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
    return ok;
  }
}
