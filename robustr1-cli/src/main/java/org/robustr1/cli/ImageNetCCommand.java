package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.imagenetc.ImageNetC;
import org.robustr1.degrade.imagenetc.ImageNetCBatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imagenet-c}: corrupts a folder of images with the ImageNet-C corruptions, writing {@code
 * OUT/<corruption>/<severity>/<relative path>}. Exit code 0 when every image was processed, 1 when
 * some files were skipped (each is listed with its path and reason), 2 for bad options.
 */
@Command(
    name = "imagenet-c",
    mixinStandardHelpOptions = true,
    description = {
      "Corrupt every image of a folder with ImageNet-C (imagecorruptions) corruptions.",
      "Writes OUT/<corruption>/<severity>/<relative path>; unreadable files are reported and"
          + " skipped."
    })
public final class ImageNetCCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "DIR", description = "folder of clean images (searched recursively)")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output root")
  Path out;

  @Option(
      names = "--severities",
      defaultValue = "1-5",
      paramLabel = "LIST",
      description = "severities: a range (1-5), a list (1,3,5) or one level (default ${DEFAULT-VALUE})")
  String severities;

  @Option(
      names = "--corruptions",
      defaultValue = "common",
      paramLabel = "LIST",
      description =
          "'common' (the 15 benchmark corruptions), 'extra' (the 4 validation ones), 'all', or a"
              + " comma-separated list of names, e.g. fog,zoom_blur (default ${DEFAULT-VALUE})")
  String corruptions;

  @Option(names = "--seed", defaultValue = "0", description = "base seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "worker threads (default: all cores)")
  Integer threads;

  @Option(
      names = "--jpeg-quality",
      defaultValue = "85",
      description = "quality of JPEG outputs, ImageNet-C used 85 (default ${DEFAULT-VALUE})")
  int jpegQuality;

  @Option(
      names = "--frost-dir",
      paramLabel = "DIR",
      description =
          "folder with imagecorruptions' frost1.png, frost2.png, frost3.png, frost4.jpg,"
              + " frost5.jpg (default: procedural frost textures)")
  Path frostDir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outW = spec.commandLine().getOut();
    List<Integer> levels;
    List<DegradationType> types;
    try {
      levels = parseSeverities(severities);
      types = parseCorruptions(corruptions);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (!Files.isDirectory(in)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--in is not a folder: " + in);
    }
    ImageNetC engine = ImageNetC.create();
    if (frostDir != null) {
      List<Path> files = new ArrayList<>();
      for (String f : List.of("frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg")) {
        files.add(frostDir.resolve(f));
      }
      engine = ImageNetC.builder().optFrostTextures(files).build();
    }
    AtomicInteger done = new AtomicInteger();
    ImageNetCBatch.Builder b =
        ImageNetCBatch.builder()
            .setInputDir(in)
            .setOutputDir(out)
            .optCorruptions(types)
            .optSeverities(levels)
            .optSeed(seed)
            .optJpegQuality(jpegQuality)
            .optImageNetC(engine)
            .optProgress(
                p -> {
                  int n = done.incrementAndGet();
                  if (n % 100 == 0) {
                    err.printf(Locale.ROOT, "  %d images done%n", n);
                    err.flush();
                  }
                });
    if (threads != null) {
      b.optThreads(threads);
    }
    long t0 = System.nanoTime();
    ImageNetCBatch.Report r = b.build().run();
    double secs = (System.nanoTime() - t0) / 1e9;
    outW.printf(
        Locale.ROOT,
        "imagenet-c: %d images, %d files written to %s in %.1f s (%d corruptions x %d severities)%n",
        r.images(),
        r.written(),
        out,
        secs,
        types.size(),
        levels.size());
    for (ImageNetCBatch.Failure f : r.failures()) {
      err.printf("skipped %s: %s%n", f.file(), f.reason());
    }
    outW.flush();
    err.flush();
    return r.failures().isEmpty() ? 0 : 1;
  }

  /** Parses "1-5", "1,3,5" or "3". */
  static List<Integer> parseSeverities(String spec) {
    List<Integer> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      try {
        if (p.contains("-")) {
          String[] ab = p.split("-", 2);
          int a = Integer.parseInt(ab[0].trim());
          int b = Integer.parseInt(ab[1].trim());
          if (a > b) {
            throw new IllegalArgumentException("bad severity range '" + p + "': start > end");
          }
          for (int s = a; s <= b; s++) {
            out.add(s);
          }
        } else {
          out.add(Integer.parseInt(p));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad --severities '" + spec + "': '" + p + "' is not a number or range", e);
      }
    }
    for (int s : out) {
      if (s < ImageNetC.MIN_SEVERITY || s > ImageNetC.MAX_SEVERITY) {
        throw new IllegalArgumentException("bad --severities '" + spec + "': severity must be in 1..5, got " + s);
      }
    }
    return List.copyOf(out.stream().distinct().sorted().toList());
  }

  /** Parses "common", "extra", "all" or a comma-separated list of corruption names. */
  static List<DegradationType> parseCorruptions(String spec) {
    switch (spec.trim().toLowerCase(Locale.ROOT)) {
      case "common":
        return ImageNetC.common();
      case "extra":
        return ImageNetC.extra();
      case "all":
        return ImageNetC.all();
      default:
        List<DegradationType> out = new ArrayList<>();
        for (String n : spec.split(",")) {
          if (!n.isBlank()) {
            out.add(DegradationType.imagenetC(n.trim()));
          }
        }
        if (out.isEmpty()) {
          throw new IllegalArgumentException("bad --corruptions '" + spec + "': no corruption named");
        }
        return List.copyOf(out);
    }
  }
}
