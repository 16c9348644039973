package org.robustr1.degrade.dataset;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.degrade.replay.Replayer;

/**
 * Reads a dataset manifest ({@code degradations.jsonl} written by {@link DatasetBuilder}) and
 * re-makes the degraded images from it. Consecutive lines with the same {@code outputFile} form one
 * image: the ops are applied to {@code inputFile} in line order.
 */
public final class DatasetManifest {

  private DatasetManifest() {}

  /**
   * The cases of a manifest grouped by output file, in file order.
   *
   * @throws IOException naming the file and line when a line is not a valid case, or when the
   *     lines of one output disagree on the input
   */
  public static Map<String, List<DegradationCase>> byOutput(Path manifest) throws IOException {
    Map<String, List<DegradationCase>> out = new LinkedHashMap<>();
    for (DegradationCase c : CaseFiles.read(manifest)) {
      List<DegradationCase> l = out.computeIfAbsent(c.outputFile(), k -> new ArrayList<>());
      if (!l.isEmpty() && !l.get(0).inputFile().equals(c.inputFile())) {
        throw new IOException(
            manifest + ": output " + c.outputFile() + " has two inputs, " + l.get(0).inputFile()
                + " and " + c.inputFile());
      }
      l.add(c);
    }
    return out;
  }

  /** The degradation record of one image's cases (the TYPE section of its row). */
  public static DegradationRecord record(List<DegradationCase> cases) {
    return DegradationRecord.of(cases.stream().map(DegradationCase::toApplied).toList());
  }

  /**
   * Re-makes every degraded image of a manifest: reads {@code imageRoot/inputFile}, applies the
   * ops in order and writes {@code outDir/outputFile}. A failing image is reported and the batch
   * goes on. Clean images (copies of their source) are not in the manifest.
   */
  public static Replayer.Report remake(Path manifest, Path imageRoot, Path outDir) throws IOException {
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(outDir, "outDir");
    Replayer replayer = new Replayer(imageRoot);
    int written = 0;
    ImmutableList.Builder<FileFailure> failures = ImmutableList.builder();
    for (Map.Entry<String, List<DegradationCase>> e : byOutput(manifest).entrySet()) {
      DegradationCase first = e.getValue().get(0);
      Path in = Path.of(first.inputFile());
      try {
        in = replayer.inputPath(first);
        Path target = Replayer.outputPath(first, outDir);
        Mat cur = ImageIo.readBgr(in);
        try {
          for (DegradationCase c : e.getValue()) {
            Mat next = replayer.apply(c, cur);
            cur.release();
            cur = next;
          }
          ImageIo.writeBgr(target, cur);
        } finally {
          cur.release();
        }
        written++;
      } catch (IOException | RuntimeException ex) {
        failures.add(FileFailure.of(in, ex));
      }
    }
    return new Replayer.Report(written, failures.build());
  }
}
