package org.robustr1.bench.degrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.robustr1.bench.runner.MachineInfo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.jpeg.JpegCodecs;
import org.robustr1.degrade.ops.DegradationOp;
import org.robustr1.degrade.ops.OfficialOps;

/**
 * The 16 official ops in Java and in the Python reference, <b>alternating in the same run</b> on
 * the same pixels: per op, size and photo, one call of the Java op (sampling + application, as the
 * timed Python call does both) and one call of the reference {@code add_degradation.py} in a
 * persistent {@code /usr/bin/python3} process (numpy + {@code python3-opencv}), in alternating
 * order, repeated, so load from other jobs falls on both sides alike. The Python process inherits
 * this JVM's environment ({@code GLIBC_TUNABLES}, {@code OMP_*}), so both run with the same
 * allocator settings. Both keep their library's default
 * threading (OpenCV's two threads in Java, TBB's in Debian's cv2), as shared/research/degradation.md
 * §5.2 timed the reference. Prints a Markdown table of medians (and minima) in wall-clock ms and
 * the Java ÷ Python ratio.
 *
 * <p>Run: {@code java -cp benchmarks.jar org.robustr1.bench.degrade.OfficialOpVsPython --ref
 * PATH/add_degradation.py [--python /usr/bin/python3] [--sizes 224,512] [--intensity 0.45] [--ops
 * a,b] [--rounds 5] [--reps 5] [--photos astronaut,coffee] [--out table.md]}. The reference file is
 * {@code add_degradation/add_degradation.py} of jqtangust/Robust-R1 (not shipped here).
 */
public final class OfficialOpVsPython {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OfficialOpVsPython() {}

  /** One op at one size: every Java and Python sample. */
  private record Cell(String op, int size, double[] java, double[] python) {
    double ratio() {
      return OfficialOpCpuTime.median(java) / OfficialOpCpuTime.median(python);
    }
  }

  /**
   * Runs the comparison.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int k = 0; k + 1 < args.length; k += 2) {
      a.put(args[k], args[k + 1]);
    }
    if (!a.containsKey("--ref")) {
      throw new IllegalArgumentException("--ref PATH/add_degradation.py (jqtangust/Robust-R1) is required");
    }
    int[] sizes = Arrays.stream(a.getOrDefault("--sizes", "224,512").split(",")).mapToInt(Integer::parseInt).toArray();
    double intensity = Double.parseDouble(a.getOrDefault("--intensity", "0.45"));
    int rounds = Integer.parseInt(a.getOrDefault("--rounds", "5"));
    int reps = Integer.parseInt(a.getOrDefault("--reps", "5"));
    List<String> photoNames = Arrays.asList(a.getOrDefault("--photos", "astronaut,coffee").split(","));
    List<DegradationOp<?>> ops = new ArrayList<>();
    for (DegradationOp<?> op : OfficialOps.all()) {
      if (!a.containsKey("--ops") || Arrays.asList(a.get("--ops").split(",")).contains(op.type().opName())) {
        ops.add(op);
      }
    }
    OpenCv.load();
    Path tmp = Files.createTempDirectory("robustr1-vs-python");
    Path server = tmp.resolve("official_ops_server.py");
    try (InputStream in = OfficialOpVsPython.class.getResourceAsStream("official_ops_server.py")) {
      Files.copy(in, server);
    }
    Process py = new ProcessBuilder(a.getOrDefault("--python", "/usr/bin/python3"), server.toString(), a.get("--ref"))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader pyOut = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
    Writer pyIn = new OutputStreamWriter(py.getOutputStream(), StandardCharsets.UTF_8);
    String hello = pyOut.readLine();
    if (hello == null) {
      throw new IllegalStateException("the Python reference did not start (python3-opencv installed? --ref right?)");
    }
    StringBuilder md = new StringBuilder();
    MachineInfo before = MachineInfo.current();
    md.append(String.format(Locale.ROOT, "Machine: %s%n%nJava: OpenCV %s, %d threads, JPEG codec %s; Python: %s%n%n",
        before.cpuModel() + ", " + before.processors() + " cores, load average " + before.loadAverage() + ", " + before.date(), Core.VERSION, Core.getNumThreads(), JpegCodecs.selected().name(), hello));
    md.append(String.format(Locale.ROOT,
        "Intensity %s, %d rounds × %d photos × %d calls per side (mean_shift: 1 call), one Java and one Python call"
            + " at a time in alternating order.%n%n",
        intensity, rounds, photoNames.size(), reps));
    md.append("| op | size | Java median (min) ms | Python median (min) ms | Java ÷ Python |\n|---|---:|---:|---:|---:|\n");
    System.out.print(md);
    List<Cell> cells = new ArrayList<>();
    try {
      for (int size : sizes) {
        List<Mat> photos = OfficialOpCpuTime.photos(size, photoNames);
        List<String> files = new ArrayList<>();
        for (int k = 0; k < photos.size(); k++) {
          Path f = tmp.resolve(size + "-" + k + ".png");
          Imgcodecs.imwrite(f.toString(), photos.get(k));
          files.add(f.toString());
        }
        for (DegradationOp<?> op : ops) {
          String name = op.type().opName();
          int r = name.equals("mean_shift") ? 1 : reps;
          List<Double> java = new ArrayList<>();
          List<Double> python = new ArrayList<>();
          SplittableRandom rng = new SplittableRandom(7);
          for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < photos.size(); k++) {
              if (round == 0) {
                warmUp(op, photos.get(k), intensity, rng);
                python(pyIn, pyOut, name, files.get(k), intensity, 0, 2, k);
              }
              for (int rep = 0; rep < r; rep++) {
                // one call each, in alternating order, so both sides see the same moment's load
                boolean javaFirst = (round + rep) % 2 == 0;
                for (int side = 0; side < 2; side++) {
                  if ((side == 0) == javaFirst) {
                    long t0 = System.nanoTime();
                    Mat out = OfficialOpCpuTime.run(op, photos.get(k), intensity, rng);
                    java.add((System.nanoTime() - t0) / 1e6);
                    out.release();
                  } else {
                    python.addAll(python(pyIn, pyOut, name, files.get(k), intensity, 1, 0, 1000 * round + 10 * rep + k));
                  }
                }
              }
            }
          }
          Cell c = new Cell(name, size, java.stream().mapToDouble(Double::doubleValue).toArray(),
              python.stream().mapToDouble(Double::doubleValue).toArray());
          cells.add(c);
          String row = String.format(Locale.ROOT, "| %s | %d | %s (%s) | %s (%s) | %.2f× |%n", name, size,
              fmt(OfficialOpCpuTime.median(c.java())), fmt(Arrays.stream(c.java()).min().orElse(0)),
              fmt(OfficialOpCpuTime.median(c.python())), fmt(Arrays.stream(c.python()).min().orElse(0)), c.ratio());
          md.append(row);
          System.out.print(row);
        }
        photos.forEach(Mat::release);
      }
    } finally {
      pyIn.write("{\"quit\": true}\n");
      pyIn.flush();
      py.waitFor();
    }
    String after = String.format(Locale.ROOT, "%nLoad average after the run: %s%n", MachineInfo.current().loadAverage());
    md.append(after);
    System.out.print(after);
    if (a.containsKey("--out")) {
      Files.writeString(Path.of(a.get("--out")), md, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs the Java op until the JIT has compiled it: at least {@value #WARM_UP_MS} ms and 20 calls,
   * at most 2000 calls (the Python side needs no such warm-up, so without it the first few hundred
   * interpreted calls of the sub-millisecond ops would be timed).
   */
  private static void warmUp(DegradationOp<?> op, Mat img, double intensity, SplittableRandom rng) {
    long t0 = System.nanoTime();
    for (int n = 0; n < 2000; n++) {
      OfficialOpCpuTime.run(op, img, intensity, rng).release();
      if (n >= 20 && System.nanoTime() - t0 > WARM_UP_MS * 1_000_000L) {
        break;
      }
    }
  }

  private static final long WARM_UP_MS = 500;

  /** One command to the Python process: {@code reps} timed calls after {@code warmup} untimed ones. */
  private static List<Double> python(Writer in, BufferedReader out, String op, String image, double intensity,
      int reps, int warmup, int seed) throws IOException {
    Map<String, Object> cmd = new LinkedHashMap<>();
    cmd.put("op", op);
    cmd.put("image", image);
    cmd.put("intensity", intensity);
    cmd.put("reps", reps);
    cmd.put("warmup", warmup);
    cmd.put("seed", seed);
    in.write(JSON.writeValueAsString(cmd) + "\n");
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException("the Python reference stopped during " + op);
    }
    List<Double> ms = new ArrayList<>();
    JSON.readTree(line).get("ms").forEach((JsonNode v) -> ms.add(v.asDouble()));
    return ms;
  }

  private static String fmt(double ms) {
    return ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms)
        : ms >= 1 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.3f", ms);
  }
}
