package org.robustr1.degrade.imagenetc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrupts every image of a folder (recursively) with ImageNet-C corruptions and severities,
 * writing {@code {out}/{corruption}/{severity}/{relative path}}: the layout of the ImageNet-C
 * release.
 *
 * <p>Images are processed in parallel ({@link Builder#optThreads}, default: all cores); each
 * output's seed is derived from the base seed, the file's relative path, the corruption and the
 * severity, so the results do not depend on the thread count or order. Files that cannot be read
 * or corrupted are reported in {@link Report#failures()} with their path and skipped. Outputs keep
 * the input's file name and format; JPEG outputs are written at quality 85 by default, as {@code
 * make_imagenet_c.py} saved ImageNet-C.
 */
public final class ImageNetCBatch {

  private static final Logger LOG = LoggerFactory.getLogger(ImageNetCBatch.class);

  /** File extensions treated as images (case-insensitive). */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "ppm", "pgm");

  private final Path inputDir;
  private final Path outputDir;
  private final List<DegradationType> corruptions;
  private final List<Integer> severities;
  private final long seed;
  private final int threads;
  private final int jpegQuality;
  private final ImageNetC imageNetC;
  private final Consumer<Path> onImageDone;

  private ImageNetCBatch(Builder b) {
    this.inputDir = b.inputDir;
    this.outputDir = b.outputDir;
    this.corruptions = List.copyOf(b.corruptions);
    this.severities = List.copyOf(b.severities);
    this.seed = b.seed;
    this.threads = b.threads;
    this.jpegQuality = b.jpegQuality;
    this.imageNetC = b.imageNetC;
    this.onImageDone = b.onImageDone;
  }

  /** A builder; input and output folders are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A file that was skipped, and why. */
  public record Failure(Path file, String reason) {}

  /**
   * What a run did.
   *
   * @param images images corrupted successfully
   * @param written output files written
   * @param failures files skipped (unreadable or not corruptible), sorted by path
   */
  public record Report(int images, long written, List<Failure> failures) {}

  /**
   * Runs the batch.
   *
   * @throws UncheckedIOException if the input folder cannot be listed
   */
  public Report run() {
    List<Path> files = listImages();
    LOG.info(
        "ImageNet-C: {} images x {} corruptions x {} severities -> {}",
        files.size(),
        corruptions.size(),
        severities.size(),
        outputDir);
    AtomicLong written = new AtomicLong();
    List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> processOne(f, written, failures)));
      }
      int ok = 0;
      for (Future<Boolean> fu : futures) {
        try {
          ok += fu.get() ? 1 : 0;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while corrupting " + inputDir, e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("unexpected failure in the ImageNet-C batch", e.getCause());
        }
      }
      List<Failure> sorted = new ArrayList<>(failures);
      sorted.sort(Comparator.comparing(Failure::file));
      return new Report(ok, written.get(), List.copyOf(sorted));
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean processOne(Path file, AtomicLong written, List<Failure> failures) {
    String rel = inputDir.relativize(file).toString().replace('\\', '/');
    try {
      RgbImage img = ImageFiles.read(file);
      for (DegradationType t : corruptions) {
        for (int s : severities) {
          RgbImage out = imageNetC.corrupt(img, t, s, new SplittableRandom(outputSeed(rel, t, s)));
          ImageFiles.write(
              out, outputDir.resolve(t.opName()).resolve(Integer.toString(s)).resolve(rel), jpegQuality);
          written.incrementAndGet();
        }
      }
      if (onImageDone != null) {
        onImageDone.accept(file);
      }
      return true;
    } catch (RuntimeException e) {
      Throwable why = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      String reason = why.getMessage() != null ? why.getMessage() : why.toString();
      LOG.debug("skipping {}: {}", file, reason);
      failures.add(new Failure(file, reason));
      if (onImageDone != null) {
        onImageDone.accept(file);
      }
      return false;
    }
  }

  /** The seed of one output: a mix of the base seed, relative path, corruption and severity. */
  long outputSeed(String relativePath, DegradationType type, int severity) {
    return outputSeed(seed, relativePath, type, severity);
  }

  /**
   * The seed of one output of a batch with base seed {@code seed}: a mix of the base seed, the
   * file's path relative to the input folder ({@code /}-separated), the corruption and the
   * severity. Distributed runs use it to give each output the seed this class gives it.
   */
  public static long outputSeed(long seed, String relativePath, DegradationType type, int severity) {
    long h = seed;
    h = mix(h ^ relativePath.hashCode());
    h = mix(h ^ type.opName().hashCode());
    return mix(h ^ severity);
  }

  /**
   * Decodes an image file's bytes as this class reads its inputs (OpenCV, alpha dropped, grey
   * expanded, RGB order); {@code source} names it in errors.
   *
   * @throws UncheckedIOException if the bytes cannot be decoded
   */
  public static RgbImage decode(byte[] bytes, String source) {
    return ImageFiles.decode(bytes, source);
  }

  /**
   * Encodes an output as this class writes it: the format of {@code fileName}'s extension, JPEG
   * at {@code jpegQuality}.
   */
  public static byte[] encode(RgbImage image, String fileName, int jpegQuality) {
    return ImageFiles.encode(image, fileName, jpegQuality);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private List<Path> listImages() {
    try (Stream<Path> s = Files.walk(inputDir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(ImageNetCBatch::hasImageExtension)
          .filter(p -> !p.toAbsolutePath().normalize().startsWith(outputDir.toAbsolutePath().normalize()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input folder " + inputDir, e);
    }
  }

  static boolean hasImageExtension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Options of {@link ImageNetCBatch}. */
  public static final class Builder {
    private Path inputDir;
    private Path outputDir;
    private List<DegradationType> corruptions = ImageNetC.common();
    private List<Integer> severities = List.of(1, 2, 3, 4, 5);
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int jpegQuality = 85;
    private ImageNetC imageNetC = ImageNetC.create();
    private Consumer<Path> onImageDone;

    private Builder() {}

    /** The folder of clean images (searched recursively). */
    public Builder setInputDir(Path dir) {
      this.inputDir = requireNonNull(dir, "inputDir");
      return this;
    }

    /** The output root. */
    public Builder setOutputDir(Path dir) {
      this.outputDir = requireNonNull(dir, "outputDir");
      return this;
    }

    /** The corruptions (default: the 15 benchmark ones). */
    public Builder optCorruptions(List<DegradationType> types) {
      checkArgument(!types.isEmpty(), "at least one corruption is required");
      types.forEach(ImageNetC::checkType);
      this.corruptions = List.copyOf(types);
      return this;
    }

    /** The severities (default 1–5). */
    public Builder optSeverities(List<Integer> levels) {
      checkArgument(!levels.isEmpty(), "at least one severity is required");
      levels.forEach(ImageNetC::checkSeverity);
      this.severities = List.copyOf(levels);
      return this;
    }

    /** The base seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Worker threads (default: available processors). */
    public Builder optThreads(int threads) {
      checkArgument(threads > 0, "threads must be positive, got %s", threads);
      this.threads = threads;
      return this;
    }

    /** JPEG quality of JPEG outputs (default 85, as the ImageNet-C release). */
    public Builder optJpegQuality(int quality) {
      checkArgument(quality >= 1 && quality <= 100, "JPEG quality must be in 1..100, got %s", quality);
      this.jpegQuality = quality;
      return this;
    }

    /** The corruption engine (e.g. one with the original frost textures). */
    public Builder optImageNetC(ImageNetC engine) {
      this.imageNetC = requireNonNull(engine, "engine");
      return this;
    }

    /** Called from a worker thread after each input image (done or skipped). */
    public Builder optProgress(Consumer<Path> onImageDone) {
      this.onImageDone = onImageDone;
      return this;
    }

    /**
     * Builds the batch.
     *
     * @throws IllegalStateException if a folder is missing
     * @throws IllegalArgumentException if the input folder does not exist
     */
    public ImageNetCBatch build() {
      checkState(inputDir != null, "setInputDir is required");
      checkState(outputDir != null, "setOutputDir is required");
      checkArgument(Files.isDirectory(inputDir), "input folder does not exist: %s", inputDir);
      return new ImageNetCBatch(this);
    }
  }
}
