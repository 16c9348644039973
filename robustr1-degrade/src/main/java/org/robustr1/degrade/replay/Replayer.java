package org.robustr1.degrade.replay;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.io.ContainedPaths;
import org.robustr1.core.tensor.NpyArray;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.ops.DegradationOp;
import org.robustr1.degrade.ops.GaussianNoise;
import org.robustr1.degrade.ops.OfficialOps;

/**
 * Replays recorded {@link DegradationCase}s: input files and {@code .npy} noise fields are
 * resolved against a root folder, outputs are written under an output folder at {@code
 * outputFile}. Every path a case names must stay inside its folder ({@link ContainedPaths}: no
 * absolute paths, no {@code ..}, no symbolic link out); a case that names another is refused
 * before anything is read or written. Thread-safe.
 */
public final class Replayer {

  /**
   * The outcome of a batch replay.
   *
   * @param written outputs written
   * @param failures cases that could not be replayed (the path is the case's input or output)
   */
  public record Report(int written, ImmutableList<FileFailure> failures) {}

  /** Noise fields kept in memory (the golden set shares one field between three intensities). */
  private static final int NOISE_CACHE_SIZE = 4;

  private final Path root;
  private final Map<Path, double[]> noiseCache = new ConcurrentHashMap<>();

  /** A replayer resolving inputs and noise files against {@code root}. */
  public Replayer(Path root) {
    this.root = requireNonNull(root, "root");
  }

  /**
   * The case's input file under the root.
   *
   * @throws IllegalArgumentException naming the field when the path leaves the root
   */
  public Path inputPath(DegradationCase c) {
    return contained(root, c.inputFile(), "inputFile");
  }

  /**
   * The case's output file under {@code outDir}.
   *
   * @throws IllegalArgumentException naming the field when the path leaves {@code outDir}
   */
  public static Path outputPath(DegradationCase c, Path outDir) {
    return contained(outDir, c.outputFile(), "outputFile");
  }

  private static Path contained(Path dir, String path, String field) {
    try {
      return ContainedPaths.resolve(dir, path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  /** Reads the case's input (under the root) and returns the degraded image. */
  public Mat replay(DegradationCase c) throws IOException {
    Mat in = ImageIo.readBgr(inputPath(c));
    try {
      return apply(c, in);
    } finally {
      in.release();
    }
  }

  /**
   * Applies the case's op and parameters to an already decoded input.
   *
   * @throws IOException if a referenced noise file cannot be read
   * @throws IllegalArgumentException if the op is unknown or the parameters are invalid
   */
  public Mat apply(DegradationCase c, Mat input) throws IOException {
    DegradationType type = c.type();
    DegradationOp<?> op = OfficialOps.of(type);
    if (type == DegradationType.GAUSSIAN_NOISE) {
      GaussianNoise.Params p = OfficialOps.gaussianNoise().params(c.params());
      if (p.noiseSeed() == null) {
        double[] z = noise(contained(root, p.noiseFile(), "params.noiseFile"));
        return GaussianNoise.applyField(input, p.noiseStd(), z);
      }
    }
    return op.applyMap(input, c.params());
  }

  /**
   * Replays every case, writing {@code outDir/outputFile}; a failing case is reported and the
   * batch goes on.
   */
  public Report replayAll(List<DegradationCase> cases, Path outDir) {
    int written = 0;
    ImmutableList.Builder<FileFailure> failures = ImmutableList.builder();
    for (DegradationCase c : cases) {
      Path in = Path.of(c.inputFile());
      try {
        in = inputPath(c);
        Path target = outputPath(c, outDir);
        Mat out = replay(c);
        try {
          ImageIo.writeBgr(target, out);
        } finally {
          out.release();
        }
        written++;
      } catch (IOException | RuntimeException e) {
        failures.add(FileFailure.of(in, e));
      }
    }
    return new Report(written, failures.build());
  }

  private double[] noise(Path file) throws IOException {
    double[] z = noiseCache.get(file);
    if (z == null) {
      NpyArray field = NpyArray.read(file);
      if (!field.isFloating()) {
        throw new IOException(file + ": the noise field must be a float array, got " + field.descr());
      }
      z = field.toDoubles();
      if (noiseCache.size() >= NOISE_CACHE_SIZE) {
        noiseCache.clear();
      }
      noiseCache.put(file, z);
    }
    return z;
  }
}
