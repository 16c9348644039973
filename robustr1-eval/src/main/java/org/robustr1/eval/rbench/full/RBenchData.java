package org.robustr1.eval.rbench.full;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchTask;
import org.robustr1.eval.text.PyLiteral;

/**
 * The full R-Bench: every item's fields (in file order) and a way to stream its reference and
 * distorted image bytes. Two layouts are read:
 *
 * <ul>
 *   <li>the published {@code All.parquet} (Hugging Face {@code lcysyzxdxc/R-Bench}, split {@code
 *       test}): columns {@code name, question, choice, answer, type, distortion, strength,
 *       ref_image{bytes}, dis_image{bytes}}, and {@code score} when present;
 *   <li>the notebook's layout: a folder holding {@code Ref_Release.csv} (the answer key) and the
 *       image folders {@code ref/} and {@code dis/}, each image named by the {@code name} column
 *       ({@code --data} may also name the CSV itself).
 * </ul>
 *
 * <p>Bad rows (an empty name, an unknown type, a distortion outside 1..33, a CAP answer that is not
 * a list of captions, ...) fail with one line naming the file, row and field, or are left out and
 * listed in {@link #skipped()} under {@link BadInputPolicy#SKIP}. Images are decoded later, by the
 * caller, which names the field ({@code ref_image.bytes}, {@code dis/NAME}) the same way.
 */
public final class RBenchData {

  /** The columns every layout needs. */
  public static final List<String> COLUMNS = List.of("name", "question", "choice", "answer", "type", "distortion", "strength");

  /**
   * One item's two images.
   *
   * @param item the item
   * @param ref reference image bytes, null when missing
   * @param dis distorted image bytes, null when missing
   * @param refField where the reference image comes from, for messages ({@code ref_image.bytes})
   * @param disField where the distorted image comes from
   */
  public record ImagePair(RBenchItem item, byte[] ref, byte[] dis, String refField, String disField) {}

  /** Receives image pairs. */
  @FunctionalInterface
  public interface ImagePairConsumer {
    /** Called once per wanted item, in file order. */
    void accept(ImagePair pair) throws IOException;
  }

  /** Streams image pairs of the given rows. */
  interface ImageReader {
    void forEach(List<RBenchItem> wanted, ImagePairConsumer consumer) throws IOException;
  }

  private final Path file;
  private final ImmutableList<RBenchItem> items;
  private final ImmutableMap<Integer, String> scores;
  private final ImmutableList<Skipped> skipped;
  private final ImageReader images;

  RBenchData(Path file, List<RBenchItem> items, Map<Integer, String> scores, List<Skipped> skipped, ImageReader images) {
    this.file = file;
    this.items = ImmutableList.copyOf(items);
    this.scores = ImmutableMap.copyOf(scores);
    this.skipped = ImmutableList.copyOf(skipped);
    this.images = images;
  }

  /**
   * Opens {@code path}: a {@code .parquet} file, a folder with {@code Ref_Release.csv}, {@code ref/}
   * and {@code dis/}, or that CSV itself.
   */
  public static RBenchData open(Path path, BadInputPolicy policy) {
    requireNonNull(path, "path");
    requireNonNull(policy, "policy");
    if (!Files.exists(path)) {
      throw new DataFormatException(path, 0, "not found");
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      return RBenchParquet.read(path, policy);
    }
    return RBenchFolder.read(path, policy);
  }

  /** The data file ({@code All.parquet} or {@code Ref_Release.csv}). */
  public Path file() {
    return file;
  }

  /** The readable items in file order; {@link RBenchItem#row()} is the 1-based row in the file. */
  public ImmutableList<RBenchItem> items() {
    return items;
  }

  /** The {@code score} cell of an item as the answer key writes it, or "" when the data has none. */
  public String score(RBenchItem item) {
    return scores.getOrDefault(item.row(), "");
  }

  /** Rows left out on load under {@link BadInputPolicy#SKIP}. */
  public ImmutableList<Skipped> skipped() {
    return skipped;
  }

  /** Streams the images of {@code wanted} (items of this data), in file order. */
  public void forEachImagePair(List<RBenchItem> wanted, ImagePairConsumer consumer) throws IOException {
    if (!wanted.isEmpty()) {
      images.forEach(wanted, consumer);
    }
  }

  /** SHA-256 of every file the data comes from (the parquet file, or the CSV and the images). */
  public String sha256() throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path p : sourceFiles()) {
      md.update(p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(p)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private List<Path> sourceFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(file);
    if (images instanceof RBenchFolder.Images f) {
      for (Path dir : List.of(f.refDir(), f.disDir())) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  /**
   * Builds an item from raw cells (null = missing), naming the field at fault.
   *
   * @param cell the text of a column, or null
   */
  static RBenchItem item(Path file, int row, Function<String, String> cell) {
    String name = cell.apply("name");
    if (name == null || name.isBlank()) {
      throw field(file, row, "name", "is empty");
    }
    String typeText = cell.apply("type");
    RBenchTask task;
    try {
      task = RBenchTask.parse(typeText == null ? "" : typeText);
    } catch (IllegalArgumentException e) {
      throw field(file, row, "type", "has an unknown R-Bench type '" + typeText + "'; expected MCQ, VQA or CAP");
    }
    int distortion = integer(file, row, "distortion", cell.apply("distortion"), 1, 33);
    int strength = integer(file, row, "strength", cell.apply("strength"), 1, 3);
    String question = cell.apply("question");
    String choice = cell.apply("choice");
    String answer = cell.apply("answer");
    if (answer == null || answer.isEmpty()) {
      throw field(file, row, "answer", "is empty");
    }
    if (task != RBenchTask.CAP && (question == null || question.isEmpty())) {
      throw field(file, row, "question", "is empty");
    }
    if (task == RBenchTask.MCQ && (choice == null || choice.isEmpty())) {
      throw field(file, row, "choice", "is empty (an MCQ item needs its options)");
    }
    if (task == RBenchTask.CAP) {
      try {
        if (PyLiteral.parseStringList(answer).isEmpty()) {
          throw new IllegalArgumentException("no reference captions");
        }
      } catch (IllegalArgumentException e) {
        throw field(file, row, "answer", "a CAP answer must be a Python list of reference captions: " + e.getMessage());
      }
    }
    return new RBenchItem(row, name, question == null ? "nan" : question, choice == null ? "nan" : choice, answer,
        task, distortion, strength);
  }

  private static int integer(Path file, int row, String column, String text, int min, int max) {
    if (text == null) {
      throw field(file, row, column, "is empty");
    }
    double d;
    try {
      d = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw field(file, row, column, "is not an integer: '" + text + "'");
    }
    if (d != Math.rint(d) || d < min || d > max) {
      throw field(file, row, column, "must be an integer in " + min + ".." + max + ", got '" + text + "'");
    }
    return (int) d;
  }

  /** A bad-field error: {@code FILE, row N: field 'F' WHAT}. */
  static DataFormatException field(Path file, int row, String field, String what) {
    return new DataFormatException(file, row, "field '" + field + "' " + what);
  }

  /** Applies the policy to a bad row: throws under FAIL, records under SKIP. */
  static void onBadRow(DataFormatException e, BadInputPolicy policy, List<Skipped> skipped, String name) {
    if (policy == BadInputPolicy.FAIL) {
      throw e;
    }
    skipped.add(Skipped.of(e, name));
  }
}
