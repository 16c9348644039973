package org.robustr1.eval.data;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.eval.text.PyLiteral;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VLMEvalKit multiple-choice TSV (MMStar, MMMB_xx, RealWorldQA, R-Bench-Dis/Ref, ...) loaded by
 * column name: {@code index} and {@code question} are required; {@code answer}, {@code image}
 * (base64, or a short value aliasing another row's {@code index}), {@code image_path}, {@code
 * hint}, {@code category}, {@code l2-category}, {@code split} are optional; options are whichever
 * single-letter columns are filled for a row. Rows without any image are dropped, as VLMEvalKit
 * does ({@code skip_noimg}), and listed in {@link #skipped()}.
 *
 * @param name the dataset name
 * @param items the items in file order
 * @param skipped rows left out, with the reason
 * @param hasSplit whether the file has a {@code split} column
 * @param hasCategory whether the file has a {@code category} column
 * @param hasL2Category whether the file has an {@code l2-category} column
 */
public record McqDataset(
    String name,
    ImmutableList<McqItem> items,
    ImmutableList<Skipped> skipped,
    boolean hasSplit,
    boolean hasCategory,
    boolean hasL2Category) {

  private static final Logger LOG = LoggerFactory.getLogger(McqDataset.class);

  /** The six MMMB languages, in VLMEvalKit's concatenation order. */
  public static final List<String> MMMB_LANGUAGES = List.of("ar", "cn", "en", "pt", "ru", "tr");

  /**
   * How to load.
   *
   * @param requireImage a row must have an image ({@code image} or {@code image_path})
   * @param requireAnswer the file must have an {@code answer} column and rows a value in it
   * @param policy what to do with a malformed row
   */
  public record Options(boolean requireImage, boolean requireAnswer, BadInputPolicy policy) {

    /** Loading a benchmark for inference and scoring: images and answers required, bad rows fail. */
    public static Options benchmark() {
      return new Options(true, true, BadInputPolicy.FAIL);
    }

    /** Loading a file only for scoring: no images needed. */
    public static Options scoringOnly() {
      return new Options(false, true, BadInputPolicy.FAIL);
    }

    /** With another policy. */
    public Options withPolicy(BadInputPolicy p) {
      return new Options(requireImage, requireAnswer, requireNonNull(p, "policy"));
    }
  }

  /** Loads a VLMEvalKit TSV. */
  public static McqDataset load(Path file, String name, Options options) {
    requireNonNull(name, "name");
    requireNonNull(options, "options");
    DelimitedTable t = DelimitedTable.readTsv(file);
    int indexCol = t.requireColumn("index");
    int questionCol = t.requireColumn("question");
    Optional<Integer> answerCol = t.column("answer");
    if (options.requireAnswer() && answerCol.isEmpty()) {
      t.requireColumn("answer");
    }
    Optional<Integer> imageCol = t.column("image");
    Optional<Integer> imagePathCol = t.column("image_path");
    if (options.requireImage() && imageCol.isEmpty() && imagePathCol.isEmpty()) {
      throw new DataFormatException(file, 0, "missing column 'image' (or 'image_path') (header: " + t.header() + ")");
    }
    Optional<Integer> hintCol = t.column("hint");
    Optional<Integer> categoryCol = t.column("category");
    Optional<Integer> l2Col = t.anyColumn("l2-category", "l2 category", "l2_category");
    Optional<Integer> splitCol = t.column("split");
    Map<String, Integer> letters = new LinkedHashMap<>();
    for (char c = 'A'; c <= 'Z'; c++) {
      Optional<Integer> col = t.column(String.valueOf(c));
      if (col.isPresent()) {
        letters.put(String.valueOf(c), col.get());
      }
    }
    int ncol = t.header().size();
    ColumnType[] types = new ColumnType[ncol];
    for (int c = 0; c < ncol; c++) {
      types[c] = imageCol.isPresent() && imageCol.get() == c
          ? ColumnType.OBJECT
          : ColumnType.infer(t.columnCells(c));
    }
    // Alias targets: index -> full image value (> 64 chars).
    Map<String, String> byIndex = new HashMap<>();
    if (imageCol.isPresent()) {
      for (DelimitedTable.Row r : t.rows()) {
        String idx = types[indexCol].format(r.cells().get(indexCol));
        String img = r.cells().get(imageCol.get());
        if (idx != null && img != null && img.length() > 64) {
          byIndex.putIfAbsent(idx, img);
        }
      }
    }
    List<McqItem> items = new ArrayList<>(t.rows().size());
    List<Skipped> skipped = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (DelimitedTable.Row r : t.rows()) {
      String idx = types[indexCol].format(r.cells().get(indexCol));
      try {
        if (idx == null) {
          throw new DataFormatException(file, r.number(), "column 'index' is empty");
        }
        if (!seen.add(idx)) {
          throw new DataFormatException(file, r.number(), "duplicate index '" + idx + "'");
        }
        String image = null;
        ImmutableList<String> paths = ImmutableList.of();
        if (imageCol.isPresent()) {
          String cell = r.cells().get(imageCol.get());
          if (!DelimitedTable.isNa(cell)) {
            image = cell.length() <= 64 ? byIndex.get(cell) : cell;
            if (image == null) {
              throw new DataFormatException(file, r.number(),
                  "column 'image' value '" + cell + "' is neither base64 (> 64 chars) nor the index of a row with an image");
            }
            if (!(image.startsWith("[") && image.endsWith("]"))) {
              checkBase64(file, r.number(), image);
            }
          }
        }
        if (imagePathCol.isPresent()) {
          String cell = r.cells().get(imagePathCol.get());
          if (!DelimitedTable.isNa(cell)) {
            try {
              paths = ImmutableList.copyOf(PyLiteral.toListStr(cell));
            } catch (IllegalArgumentException e) {
              throw new DataFormatException(file, r.number(), "column 'image_path': " + e.getMessage(), e);
            }
          }
        }
        if ((imageCol.isPresent() || imagePathCol.isPresent()) && image == null && paths.isEmpty()) {
          skipped.add(new Skipped(file, r.number(), idx, "no image (dropped, as VLMEvalKit's skip_noimg)"));
          continue;
        }
        String question = types[questionCol].format(r.cells().get(questionCol));
        if (question == null) {
          throw new DataFormatException(file, r.number(), "column 'question' is empty");
        }
        String answer = answerCol.map(c -> types[c].format(r.cells().get(c))).orElse(null);
        if (options.requireAnswer() && answer == null) {
          throw new DataFormatException(file, r.number(), "column 'answer' is empty");
        }
        ImmutableMap.Builder<String, String> opts = ImmutableMap.builder();
        letters.forEach((l, c) -> {
          String v = types[c].format(r.cells().get(c));
          if (v != null) {
            opts.put(l, v);
          }
        });
        Map<String, String> extra = new LinkedHashMap<>();
        java.util.Set<Integer> known = new java.util.HashSet<>(letters.values());
        known.add(indexCol);
        known.add(questionCol);
        answerCol.ifPresent(known::add);
        imageCol.ifPresent(known::add);
        imagePathCol.ifPresent(known::add);
        hintCol.ifPresent(known::add);
        categoryCol.ifPresent(known::add);
        l2Col.ifPresent(known::add);
        splitCol.ifPresent(known::add);
        for (int c = 0; c < ncol; c++) {
          if (!known.contains(c)) {
            extra.put(t.header().get(c), types[c].format(r.cells().get(c)));
          }
        }
        items.add(new McqItem(
            name, file, r.number(), idx, question,
            hintCol.map(c -> types[c].format(r.cells().get(c))).orElse(null),
            opts.build(), answer,
            categoryCol.map(c -> types[c].format(r.cells().get(c))).orElse(null),
            l2Col.map(c -> types[c].format(r.cells().get(c))).orElse(null),
            splitCol.map(c -> types[c].format(r.cells().get(c))).orElse(null),
            image, paths, ImmutableMap.copyOf(nullSafe(extra))));
      } catch (DataFormatException e) {
        if (options.policy() == BadInputPolicy.FAIL) {
          throw e;
        }
        LOG.warn("skipping: {}", e.getMessage());
        skipped.add(Skipped.of(e, idx));
      }
    }
    return new McqDataset(name, ImmutableList.copyOf(items), ImmutableList.copyOf(skipped),
        splitCol.isPresent(), categoryCol.isPresent(), l2Col.isPresent());
  }

  private static Map<String, String> nullSafe(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  private static void checkBase64(Path file, int row, String s) {
    try {
      Base64.getMimeDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, row, "column 'image' is not valid base64: " + e.getMessage(), e);
    }
  }

  /**
   * MMMB as VLMEvalKit's {@code ConcatDataset}: the six languages concatenated in the order
   * {@code ar, cn, en, pt, ru, tr}; each item keeps its language dataset name ({@code MMMB_en}).
   *
   * @param files language code to TSV; every one of the six must be present
   */
  public static McqDataset mmmb(Map<String, Path> files, Options options) {
    List<McqDataset> parts = new ArrayList<>();
    for (String lang : MMMB_LANGUAGES) {
      Path p = files.get(lang);
      checkArgument(p != null, "MMMB needs a file for language '%s' (have %s)", lang, files.keySet());
      parts.add(load(p, "MMMB_" + lang, options));
    }
    return concat("MMMB", parts);
  }

  /** Concatenates datasets (items keep their own dataset names). */
  public static McqDataset concat(String name, List<McqDataset> parts) {
    ImmutableList.Builder<McqItem> items = ImmutableList.builder();
    ImmutableList.Builder<Skipped> skipped = ImmutableList.builder();
    boolean split = false;
    boolean cat = false;
    boolean l2 = false;
    for (McqDataset d : parts) {
      items.addAll(d.items());
      skipped.addAll(d.skipped());
      split |= d.hasSplit();
      cat |= d.hasCategory();
      l2 |= d.hasL2Category();
    }
    return new McqDataset(name, items.build(), skipped.build(), split, cat, l2);
  }

  /**
   * The first {@code n} items (all when there are fewer), for a smoke run; the rows skipped while
   * reading are kept.
   */
  public McqDataset head(int n) {
    com.google.common.base.Preconditions.checkArgument(n >= 1, "n must be >= 1, got %s", n);
    return n >= items.size() ? this
        : new McqDataset(name, items.subList(0, n), skipped, hasSplit, hasCategory, hasL2Category);
  }

  /** The distinct dataset names of the items, in order of first appearance. */
  public List<String> subsets() {
    List<String> out = new ArrayList<>();
    for (McqItem i : items) {
      if (!out.contains(i.dataset())) {
        out.add(i.dataset());
      }
    }
    return out;
  }

  /** Items of one subset ({@code MMMB_en}); the whole dataset when it has one subset. */
  public McqDataset subset(String dataset) {
    ImmutableList.Builder<McqItem> b = ImmutableList.builder();
    for (McqItem i : items) {
      if (i.dataset().equals(dataset)) {
        b.add(i);
      }
    }
    return new McqDataset(dataset, b.build(), ImmutableList.of(), hasSplit, hasCategory, hasL2Category);
  }
}
