package org.robustr1.bench.degrade;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.evalset.EvalSetGenerator;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.testing.SharedData;

/**
 * Throughput of evaluation-set generation ({@code robustr1 degrade eval-set}: every image at
 * 0.23 / 0.45 / 0.9, written as PNG, plus the manifest) over one folder with 1 and 2 worker
 * threads: images per second, and how busy the cores were (process CPU time ÷ wall time ÷
 * cores). The runs must produce byte-identical outputs and manifests; the tool checks that.
 *
 * <p>The op is drawn per image (one op per image, official weights), so the figure depends on the
 * mix: one mean_shift image costs about as much as a hundred of most other ops. The tool prints the
 * mix.
 * By default the folder holds {@code --images} pictures made from the golden photos (or the
 * bundled demo picture without {@code ../shared}) at the sizes of degradation.md §5 (224², 512²,
 * 640×427), so the same command gives the same folder everywhere.
 *
 * <p>Run: {@code java -cp robustr1-bench/target/benchmarks.jar
 * org.robustr1.bench.degrade.EvalSetThroughput [--images 60] [--threads 1,2] [--seed 0] [--in
 * DIR] [--keep-inputs DIR]}; {@code --keep-inputs} writes the generated pictures to DIR and keeps
 * them (the Spark job's scaling run, {@code org.robustr1.spark.degrade.DegradeJobScaling}, reads
 * the same folder).
 */
public final class EvalSetThroughput {

  private static final int[][] SIZES = {{224, 224}, {512, 512}, {640, 427}};

  private EvalSetThroughput() {}

  /**
   * Runs the generation once per thread count and prints one line each.
   *
   * @param args {@code --images}, {@code --threads}, {@code --seed}, {@code --in} (all optional)
   */
  public static void main(String[] args) throws IOException {
    int images = 60;
    int[] threads = {1, 2};
    long seed = 0;
    Path in = null;
    Path keep = null;
    for (int a = 0; a + 1 < args.length; a += 2) {
      switch (args[a]) {
        case "--images" -> images = Integer.parseInt(args[a + 1]);
        case "--threads" -> threads = Arrays.stream(args[a + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seed" -> seed = Long.parseLong(args[a + 1]);
        case "--in" -> in = Path.of(args[a + 1]);
        case "--keep-inputs" -> keep = Path.of(args[a + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[a]);
      }
    }
    OpenCv.load();
    Path work = Files.createTempDirectory("robustr1-evalset-bench");
    if (in == null) {
      in = keep != null ? keep : work.resolve("in");
      makeInputs(in, images);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "input %s, %d cores, seed %d%n", in, cores, seed);
    // One untimed pass warms the JIT and OpenCV's lazily initialised code paths.
    run(in, work.resolve("warm-up"), seed, threads[0]);
    String reference = null;
    for (int t : threads) {
      Path out = work.resolve("out-" + t);
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      EvalSetGenerator.Result r = run(in, out, seed, t);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      String digest = digest(out);
      boolean same = reference == null || reference.equals(digest);
      reference = reference == null ? digest : reference;
      System.out.printf(
          Locale.ROOT,
          "threads %d: %d images (%d outputs) in %.2f s = %.2f images/s; CPU %.2f s = %.0f %% of %d cores;"
              + " outputs %s%n",
          t,
          r.processed(),
          3 * r.processed(),
          wall,
          r.processed() / wall,
          cpu,
          100 * cpu / (wall * cores),
          cores,
          same ? "identical to the first run" : "DIFFER from the first run");
      if (t == threads[0]) {
        System.out.println("  ops drawn: " + mix(r.manifest()));
      }
    }
    MoreFiles.deleteRecursively(work);
  }

  private static EvalSetGenerator.Result run(Path in, Path out, long seed, int threads) throws IOException {
    return EvalSetGenerator.builder()
        .setInputDir(in)
        .setOutputDir(out)
        .setName("Bench")
        .optSeed(seed)
        .optThreads(threads)
        .optProgressBar(false)
        .build()
        .run();
  }

  private static void makeInputs(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    List<Mat> photos = new ArrayList<>();
    for (String name : List.of("astronaut_224x224", "coffee_224x224", "coffee_320x240")) {
      Optional<Path> p = SharedData.resolve("golden/degrade-robust-r1/inputs/" + name + ".png");
      if (p.isPresent() && Files.isRegularFile(p.get())) {
        photos.add(ImageIo.readBgr(p.get()));
      }
    }
    if (photos.isEmpty()) {
      photos.add(BundledImages.houseBgr());
    }
    for (int i = 0; i < count; i++) {
      int[] wh = SIZES[i % SIZES.length];
      Mat dst = new Mat();
      Imgproc.resize(photos.get(i % photos.size()), dst, new Size(wh[0], wh[1]), 0, 0, Imgproc.INTER_LINEAR);
      ImageIo.writeBgr(dir.resolve(String.format(Locale.ROOT, "img_%03d.png", i)), dst);
      dst.release();
    }
    photos.forEach(Mat::release);
  }

  private static String mix(Path manifest) throws IOException {
    Map<String, Integer> byOp = new TreeMap<>();
    for (DegradationCase c : CaseFiles.read(manifest)) {
      byOp.merge(c.op(), 1, Integer::sum);
    }
    byOp.replaceAll((op, n) -> n / EvalSetGenerator.LEVELS.size());
    return byOp.toString();
  }

  private static String digest(Path dir) throws IOException {
    Hasher h = Hashing.sha256().newHasher();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
    }
    for (Path f : files) {
      h.putUnencodedChars(dir.relativize(f).toString());
      h.putBytes(Files.readAllBytes(f));
    }
    return h.hash().toString();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
