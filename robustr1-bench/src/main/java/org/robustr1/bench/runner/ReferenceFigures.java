package org.robustr1.bench.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reference figure printed beside a benchmark result: a timing of the Python reference code on
 * the research machine (2-core AMD EPYC, see {@code shared/research/perf-anchors.md} and {@code
 * shared/research/degradation.md} §5), or a project target where no reference timing exists.
 *
 * <p>A figure applies to a result when the benchmark name matches its pattern and every parameter
 * it names has the given value. The first matching figure wins.
 */
public final class ReferenceFigures {

  /** One reference figure. */
  public record Figure(Pattern benchmark, ImmutableMap<String, String> params, String text) {

    /** Validates. */
    public Figure {
      requireNonNull(benchmark, "benchmark");
      params = ImmutableMap.copyOf(params);
      requireNonNull(text, "text");
    }

    boolean matches(BenchResult r) {
      if (!benchmark.matcher(r.benchmark()).find()) {
        return false;
      }
      for (Map.Entry<String, String> e : params.entrySet()) {
        String v = r.param(e.getKey());
        if (v == null || !sameValue(v, e.getValue())) {
          return false;
        }
      }
      return true;
    }

    private static boolean sameValue(String actual, String wanted) {
      if (actual.equals(wanted)) {
        return true;
      }
      try {
        return Double.parseDouble(actual) == Double.parseDouble(wanted);
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  private static final String DEG = "degradation.md §5";
  private static final String PERF = "perf-anchors.md §0";

  private static final ReferenceFigures DEFAULT = new ReferenceFigures(officialFigures());

  private final ImmutableList<Figure> figures;

  /** A table of figures, first match wins. */
  public ReferenceFigures(List<Figure> figures) {
    this.figures = ImmutableList.copyOf(figures);
  }

  /** The figures of the research notes and the project targets. */
  public static ReferenceFigures defaults() {
    return DEFAULT;
  }

  /** The figures, in lookup order. */
  public ImmutableList<Figure> figures() {
    return figures;
  }

  /** The reference for a result, if one applies. */
  public Optional<String> lookup(BenchResult result) {
    for (Figure f : figures) {
      if (f.matches(result)) {
        return Optional.of(f.text());
      }
    }
    return Optional.empty();
  }

  private static Figure fig(String regex, Map<String, String> params, String text) {
    return new Figure(Pattern.compile(regex), ImmutableMap.copyOf(params), text);
  }

  private static List<Figure> officialFigures() {
    List<Figure> out = new ArrayList<>();
    // Project targets (no Python timing of the rewards exists in the research notes).
    String target = "target ≤ 20 µs (project goal; Python reward code not timed)";
    out.add(fig("\\.RewardBenchmark\\.parseAndScore$", Map.of(), target));
    out.add(fig("\\.ChainBenchmark\\.parseAndScore$", Map.of("tokens", "512"), target));

    // degradation.md §5.2: official Robust-R1 ops, median ms per image (sampling + application).
    // {op, 224 median, 512 median, 512 at .23, 512 at .45, 512 at .9}
    String[][] official = {
      {"lens_blur", "11.5", "41.8", "28.8", "43.4", "41.8"},
      {"lens_flare", "0.5", "1.8", "1.8", "1.7", "1.8"},
      {"motion_blur", "2.3", "18.0", "0.8", "18.0", "18.4"},
      {"dirty_lens", "6.8", "44.1", "43.8", "43.9", "44.4"},
      {"hsv_saturation", "0.4", "1.9", "2.0", "1.9", "1.9"},
      {"jpeg_compression", "0.7", "2.9", "3.2", "2.9", "2.8"},
      {"block_exchange", "0.1", "0.1", "0.1", "0.1", "0.1"},
      {"mean_shift", "298.2", "1401.0", "512.0", "1790.5", "3454.4"},
      {"scan_lines", "0.0", "0.2", "0.2", "0.1", "0.2"},
      {"dark_illumination", "0.2", "1.2", "1.3", "1.2", "1.1"},
      {"atmospheric_turbulence", "0.6", "3.0", "2.9", "3.0", "3.2"},
      {"gaussian_noise", "3.0", "16.5", "16.3", "16.6", "16.8"},
      {"color_diffusion", "4.0", "23.4", "4.9", "23.4", "24.0"},
      {"sharpness_change", "0.1", "0.4", "0.5", "0.4", "0.4"},
      {"graffiti", "0.0", "0.1", "0.1", "0.1", "0.1"},
      {"watermark_damage", "11.5", "18.2", "11.9", "17.1", "37.2"},
    };
    String op = "\\.degrade\\.OfficialOpBenchmark\\.";
    String[] levels = {"0.23", "0.45", "0.9"};
    for (String[] row : official) {
      for (int k = 0; k < levels.length; k++) {
        out.add(fig(op, Map.of("op", row[0], "size", "512", "intensity", levels[k]),
            "Python " + row[3 + k] + " ms (512², intensity " + levels[k] + ", " + DEG + ".2)"));
      }
      out.add(fig(op, Map.of("op", row[0], "size", "224"),
          "Python " + row[1] + " ms (224² median over .23/.45/.9, " + DEG + ".2)"));
      out.add(fig(op, Map.of("op", row[0], "size", "512"),
          "Python " + row[2] + " ms (512² median, " + DEG + ".2)"));
    }

    // degradation.md §5.1: imagecorruptions, median ms per image over severities 1-5.
    // {corruption, 224, 512, 224 1-thread, 512 1-thread}
    String[][] inc = {
      {"gaussian_noise", "3.2", "17.1", "3.2", "17.5"},
      {"shot_noise", "8.9", "45.7", "8.6", "45.8"},
      {"impulse_noise", "2.1", "11.2", "2.0", "12.4"},
      {"defocus_blur", "3.8", "25.5", "3.8", "26.7"},
      {"glass_blur", "7.8", "59.2", "7.6", "57.3"},
      {"motion_blur", "4.4", "23.2", "4.4", "23.1"},
      {"zoom_blur", "62.3", "334.7", "64.4", "327.8"},
      {"snow", "6.4", "32.4", "6.4", "31.6"},
      {"frost", "5.9", "11.4", "6.6", "11.7"},
      {"fog", "1.8", "7.4", "1.8", "7.6"},
      {"brightness", "17.6", "73.6", "16.8", "78.3"},
      {"contrast", "1.4", "7.7", "1.4", "8.1"},
      {"elastic_transform", "12.0", "85.0", "12.3", "86.5"},
      {"pixelate", "0.3", "1.4", "0.3", "1.4"},
      {"jpeg_compression", "0.4", "1.4", "0.3", "1.3"},
      {"speckle_noise", "3.0", "16.5", "3.1", "16.9"},
      {"gaussian_blur", "2.8", "23.3", "2.8", "23.8"},
      {"spatter", "4.6", "25.6", "4.7", "26.1"},
      {"saturate", "17.7", "73.9", "16.8", "78.6"},
    };
    String c = "\\.imagenetc\\.ImageNetCBenchmark\\.";
    for (String[] row : inc) {
      out.add(fig(c, Map.of("corruption", row[0], "size", "224"),
          "Python " + row[1] + " ms (1 thread: " + row[3] + "; " + DEG + ".1)"));
      out.add(fig(c, Map.of("corruption", row[0], "size", "512"),
          "Python " + row[2] + " ms (1 thread: " + row[4] + "; " + DEG + ".1)"));
    }
    String sweep = "\\.imagenetc\\.ImageNetCSweepBenchmark\\.";
    out.add(fig(sweep, Map.of("size", "224"), "Python 138 ms (sum of 15 common, " + DEG + ".1)"));
    out.add(fig(sweep, Map.of("size", "512"), "Python 737 ms (sum of 15 common, " + DEG + ".1)"));

    // perf-anchors.md §0: HF Qwen2.5-VL, fp32, eager; "2 thr PASSIVE" and "1 thr" columns.
    String m = "\\.model\\.QwenModelBenchmark\\.";
    out.add(fig(m + "vision$", Map.of("shape", "tiny"),
        "HF 6.13 ms (2 thr PASSIVE), 3.50 ms (1 thr) (" + PERF + " 1a)"));
    out.add(fig(m + "prefill$", Map.of("shape", "tiny"),
        "HF 27.0 ms (2 thr PASSIVE), 49.8 ms (1 thr) (" + PERF + " 1b, logits at all positions)"));
    out.add(fig(m + "generate$", Map.of("shape", "tiny", "cache", "true"),
        "HF decode 2.48 ms/token (2 thr PASSIVE), 4.23 (1 thr) (" + PERF + " 1c; see derived)"));
    out.add(fig(m + "vision$", Map.of("shape", "3b"),
        "HF 9.50 s (2 thr PASSIVE), 16.05 s (1 thr) (" + PERF + " 2a)"));
    out.add(fig(m + "prefill$", Map.of("shape", "3b"),
        "HF 21.93 s (2 thr PASSIVE), 37.37 s (1 thr) (" + PERF + " 2b)"));
    out.add(fig(m + "generate$", Map.of("shape", "3b", "cache", "true"),
        "HF decode 1.170 s/token (2 thr PASSIVE), 2.259 (1 thr) (" + PERF + " 2c; see derived)"));
    return out;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ReferenceFigures[%d figures]", figures.size());
  }
}
