package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.robustr1.core.io.AokvqaRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a procedural visual question answering dataset in the A-OKVQA v1.0 format: {@code
 * aokvqa_v1p0_{split}.json} (a JSON array of rows, see {@link AokvqaRecord}) and JPEG images in the
 * COCO layout {@code {split}2017/{image_id:012d}.jpg}, for the splits {@code train} and {@code val}.
 *
 * <p>Each image is a plain pale background with a few coloured shapes (circle, square, triangle,
 * diamond; six colours; small or large) placed in the cells of a square grid (4×4 by default,
 * {@link Builder#optGrid}; a 2×2 grid gives fewer, larger objects). Each image carries one
 * question from one of five families ({@link QuestionKind}), answerable from the image alone, with
 * four choices, ten direct answers and three rationales written from a small closed vocabulary.
 * Question families and the index of the correct choice are balanced in blocks (so chance is 25 %),
 * and the asked attribute is drawn uniformly.
 *
 * <p>Output is a pure function of the settings: the same seed gives byte-identical files, and a
 * split of size {@code n} is a prefix of the same split generated with a larger size.
 *
 * <pre>{@code
 * SceneDataset ds = SceneDatasetGenerator.builder().optTrainSize(500).optSeed(7).build().generate(dir);
 * }</pre>
 */
public final class SceneDatasetGenerator {

  /** The training split name. */
  public static final String TRAIN = "train";
  /** The validation split name. */
  public static final String VAL = "val";

  /** Default cells per side of the layout grid. */
  static final int GRID = 4;

  private static final Logger LOG = LoggerFactory.getLogger(SceneDatasetGenerator.class);
  private static final String ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final long VAL_IMAGE_ID_BASE = 10_000_000L;
  private static final int MAX_SPLIT_SIZE = 9_000_000;
  private static final int[] BACKGROUNDS = {0xF4F4F2, 0xEAE5D6, 0xDCE3EA, 0xE4E4E4};
  private static final String[] NUMBER_WORDS = {"one", "two", "three", "four"};
  private static final String[] NUMBER_DIGITS = {"1", "2", "3", "4"};
  private static final String[] ALT_QUADRANT = {"upper left", "upper right", "lower left", "lower right"};

  private final int trainSize;
  private final int valSize;
  private final int imageSize;
  private final long seed;
  private final float jpegQuality;
  private final int grid;
  private final List<QuestionKind> kinds;
  private final double objectScale;
  private final boolean keyRationaleFirst;

  private SceneDatasetGenerator(Builder b) {
    this.trainSize = b.trainSize;
    this.valSize = b.valSize;
    this.imageSize = b.imageSize;
    this.seed = b.seed;
    this.jpegQuality = b.jpegQuality;
    this.grid = b.grid;
    this.kinds = List.copyOf(b.kinds);
    this.objectScale = b.objectScale;
    this.keyRationaleFirst = b.keyRationaleFirst;
  }

  /**
   * A builder with the defaults: 1000 train, 200 val, 112×112 images, seed 42, JPEG quality 0.95,
   * a 4×4 layout grid, all five question kinds, object scale 1, rationales in random order.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of training questions (one image each). */
  public int trainSize() {
    return trainSize;
  }

  /** Number of validation questions (one image each). */
  public int valSize() {
    return valSize;
  }

  /** Width and height of every image in pixels. */
  public int imageSize() {
    return imageSize;
  }

  /** The seed everything is drawn from. */
  public long seed() {
    return seed;
  }

  /** Cells per side of the layout grid. */
  public int grid() {
    return grid;
  }

  /** The question kinds drawn (balanced in blocks), in enum order. */
  public List<QuestionKind> questionKinds() {
    return kinds;
  }

  /** Factor on every object radius (relative to its layout cell). */
  public double objectScale() {
    return objectScale;
  }

  /**
   * Writes both splits under {@code outDir} (created if missing; existing files of the same names
   * are overwritten).
   *
   * @return the written dataset
   * @throws IOException when a file cannot be written
   */
  public SceneDataset generate(Path outDir) throws IOException {
    checkNotNull(outDir, "outDir");
    Files.createDirectories(outDir);
    List<AokvqaRecord> train = writeSplit(outDir, TRAIN, trainSize);
    List<AokvqaRecord> val = writeSplit(outDir, VAL, valSize);
    LOG.info("wrote {} train and {} val scene questions to {}", train.size(), val.size(), outDir);
    return new SceneDataset(outDir, train, val);
  }

  /** Generates a split in memory (rows and scenes, nothing written). */
  public List<SceneQuestion> generateSplit(String split) {
    int n = sizeOf(split);
    List<SceneQuestion> out = new ArrayList<>(n);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < n; i++) {
      SceneQuestion q = question(split, i);
      if (!ids.add(q.record().questionId())) {
        throw new IllegalStateException("duplicate question_id " + q.record().questionId() + " in " + split);
      }
      out.add(q);
    }
    return out;
  }

  /**
   * Question {@code index} of {@code split}, the same as element {@code index} of {@link
   * #generateSplit} for an index inside the split's size, and defined for any index {@code >= 0}:
   * a stream of scenes without end (pretraining draws from it).
   */
  public SceneQuestion questionAt(String split, int index) {
    checkArgument(index >= 0, "index must be >= 0, got %s", index);
    sizeOf(split);
    return question(split, index);
  }

  /** Encodes an image as JPEG bytes with this generator's fixed quality. */
  public byte[] encodeJpeg(BufferedImage image) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      writeJpeg(image, bytes, jpegQuality);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    }
    return bytes.toByteArray();
  }

  private List<AokvqaRecord> writeSplit(Path root, String split, int n) throws IOException {
    Path imageDir = root.resolve(split + "2017");
    Files.createDirectories(imageDir);
    List<AokvqaRecord> rows = new ArrayList<>(n);
    for (SceneQuestion q : generateSplit(split)) {
      Path file = root.resolve(q.record().imagePath());
      try (OutputStream os = Files.newOutputStream(file)) {
        writeJpeg(q.scene().render(), os, jpegQuality);
      }
      rows.add(q.record());
    }
    Path json = SceneDataset.annotationFile(root, split);
    byte[] text = new ObjectMapper().writeValueAsBytes(rows);
    try (OutputStream os = Files.newOutputStream(json)) {
      os.write(text);
      os.write('\n');
    }
    return rows;
  }

  private int sizeOf(String split) {
    switch (checkNotNull(split, "split")) {
      case TRAIN:
        return trainSize;
      case VAL:
        return valSize;
      default:
        throw new IllegalArgumentException("unknown split '" + split + "', expected train or val");
    }
  }

  private static void writeJpeg(BufferedImage image, OutputStream os, float quality) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IOException("no JPEG ImageWriter available in this JVM");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  // ---------------------------------------------------------------- generation of one question

  /** A random stream for (split, purpose, index), independent of the split's size. */
  private SplittableRandom rng(String split, long purpose, long index) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= (split.equals(TRAIN) ? 0x51L : 0xA7L) * 0xBF58476D1CE4E5B9L;
    h ^= purpose * 0x94D049BB133111EBL;
    h += index * 0xD6E8FEB86659FD93L;
    return new SplittableRandom(h);
  }

  /** Element {@code index % k} of a shuffled block {0..k-1}, so every k consecutive values are balanced. */
  private int balanced(String split, long purpose, int index, int k) {
    List<Integer> block = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      block.add(j);
    }
    shuffle(block, rng(split, purpose, index / k));
    return block.get(index % k);
  }

  SceneQuestion question(String split, int index) {
    QuestionKind kind = kinds.get(balanced(split, 1, index, kinds.size()));
    int correctIdx = balanced(split, 2, index, 4);
    SplittableRandom r = rng(split, 3, index);
    long imageId = (split.equals(TRAIN) ? 0L : VAL_IMAGE_ID_BASE) + index + 1;
    String questionId = questionId(r);
    int background = BACKGROUNDS[r.nextInt(BACKGROUNDS.length)];
    Draft d;
    switch (kind) {
      case COLOR:
        d = colorQuestion(r);
        break;
      case COUNT:
        d = countQuestion(r);
        break;
      case POSITION:
        d = positionQuestion(r);
        break;
      case LARGEST:
        d = largestQuestion(r);
        break;
      case SHAPE:
        d = shapeQuestion(r);
        break;
      default:
        throw new AssertionError(kind);
    }
    List<String> choices = arrangeChoices(d.answer, d.distractors, correctIdx, r);
    List<String> direct = new ArrayList<>(10);
    double pCanonical = r.nextDouble() < 0.8 ? 0.9 : 0.5;
    int canonicalCount = 0;
    for (int k = 0; k < 10; k++) {
      if (d.variants.isEmpty() || r.nextDouble() < pCanonical) {
        direct.add(d.answer);
        canonicalCount++;
      } else {
        direct.add(d.variants.get(r.nextInt(d.variants.size())));
      }
    }
    List<String> pool = new ArrayList<>(d.rationales);
    List<String> rationales;
    if (keyRationaleFirst) {
      List<String> rest = new ArrayList<>(pool.subList(1, pool.size()));
      shuffle(rest, r);
      rationales = new ArrayList<>(List.of(pool.get(0)));
      rationales.addAll(rest.subList(0, 2));
    } else {
      shuffle(pool, r);
      rationales = pool.subList(0, 3);
    }
    Scene scene = new Scene(imageSize, grid, background, d.objects);
    AokvqaRecord record =
        new AokvqaRecord(
            split,
            imageId,
            questionId,
            d.question,
            choices,
            correctIdx,
            direct,
            canonicalCount < 6,
            rationales);
    return new SceneQuestion(record, kind, scene);
  }

  private static String questionId(SplittableRandom r) {
    StringBuilder sb = new StringBuilder(22);
    for (int k = 0; k < 22; k++) {
      sb.append(ID_ALPHABET.charAt(r.nextInt(ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  private static List<String> arrangeChoices(
      String answer, List<String> distractors, int correctIdx, SplittableRandom r) {
    List<String> others = new ArrayList<>(distractors);
    shuffle(others, r);
    List<String> choices = new ArrayList<>(others.subList(0, 3));
    choices.add(correctIdx, answer);
    return choices;
  }

  /** The parts of a question before choices are arranged. */
  private static final class Draft {
    String question;
    String answer;
    List<String> distractors;
    List<String> variants = List.of();
    List<String> rationales;
    List<SceneObject> objects;
  }

  private Draft colorQuestion(SplittableRandom r) {
    ShapeKind shape = pick(ShapeKind.values(), r);
    SceneColor color = pick(SceneColor.values(), r);
    Layout layout = new Layout(r);
    SceneObject target = layout.place(shape, color, mediumRadius(r), null);
    int others = 1 + r.nextInt(3);
    for (int k = 0; k < others; k++) {
      layout.place(pickOther(ShapeKind.values(), shape, r), pick(SceneColor.values(), r), mediumRadius(r), null);
    }
    Quadrant q = quadrant(target);
    Draft d = new Draft();
    d.question =
        r.nextBoolean()
            ? "What color is the " + shape.word() + "?"
            : "What is the color of the " + shape.word() + "?";
    d.answer = color.word();
    d.distractors = wordsExcept(SceneColor.values(), color);
    d.variants = color == SceneColor.PURPLE ? List.of("violet") : List.of();
    d.rationales =
        List.of(
            "The " + shape.word() + " is " + color.word() + ".",
            "There is one " + shape.word() + " in the " + q.phrase() + " of the picture.",
            "The " + shape.word() + " has a " + color.word() + " color.",
            "The other shapes are not " + shape.plural() + ".",
            "So the color of the " + shape.word() + " is " + color.word() + ".");
    d.objects = layout.objects;
    return d;
  }

  private Draft countQuestion(SplittableRandom r) {
    ShapeKind shape = pick(ShapeKind.values(), r);
    int count = 1 + r.nextInt(4);
    Layout layout = new Layout(r);
    for (int k = 0; k < count; k++) {
      layout.place(shape, pick(SceneColor.values(), r), mediumRadius(r), null);
    }
    int others = Math.min(r.nextInt(3), grid * grid - count);
    for (int k = 0; k < others; k++) {
      layout.place(pickOther(ShapeKind.values(), shape, r), pick(SceneColor.values(), r), mediumRadius(r), null);
    }
    Draft d = new Draft();
    d.question =
        r.nextBoolean()
            ? "How many " + shape.plural() + " are there?"
            : "How many " + shape.plural() + " are in the picture?";
    String word = NUMBER_WORDS[count - 1];
    d.answer = word;
    List<String> all = new ArrayList<>(List.of(NUMBER_WORDS));
    all.remove(word);
    d.distractors = all;
    d.variants = List.of(NUMBER_DIGITS[count - 1]);
    String noun = count == 1 ? shape.word() : shape.plural();
    d.rationales =
        List.of(
            "I can count " + word + " " + noun + " in the picture.",
            count == 1 ? "There is only one " + shape.word() + "." : "There are " + word + " " + noun + ".",
            others == 0
                ? "All the objects are " + shape.plural() + "."
                : "The other objects are not " + shape.plural() + ".",
            "Counting the " + shape.plural() + " gives " + word + ".",
            "So the number of " + shape.plural() + " is " + word + ".");
    d.objects = layout.objects;
    return d;
  }

  private Draft positionQuestion(SplittableRandom r) {
    ShapeKind shape = pick(ShapeKind.values(), r);
    SceneColor color = pick(SceneColor.values(), r);
    Quadrant quadrant = pick(Quadrant.values(), r);
    Layout layout = new Layout(r);
    layout.place(shape, color, mediumRadius(r), quadrant);
    int others = 1 + r.nextInt(3);
    for (int k = 0; k < others; k++) {
      ShapeKind s = pick(ShapeKind.values(), r);
      SceneColor c = s == shape ? pickOther(SceneColor.values(), color, r) : pick(SceneColor.values(), r);
      layout.place(s, c, mediumRadius(r), null);
    }
    String thing = color.word() + " " + shape.word();
    Draft d = new Draft();
    d.question =
        r.nextBoolean()
            ? "Where is the " + thing + "?"
            : "In which part of the picture is the " + thing + "?";
    d.answer = quadrant.phrase();
    List<String> all = new ArrayList<>();
    for (Quadrant q : Quadrant.values()) {
      if (q != quadrant) {
        all.add(q.phrase());
      }
    }
    d.distractors = all;
    d.variants = List.of(ALT_QUADRANT[quadrant.ordinal()]);
    String vertical = quadrant.row() == 0 ? "top" : "bottom";
    String side = quadrant.column() == 0 ? "left" : "right";
    d.rationales =
        List.of(
            "The " + thing + " is in the " + quadrant.phrase() + " of the picture.",
            "It is near the " + vertical + " and on the " + side + " side.",
            "There is only one " + thing + " in the picture.",
            "Looking at the picture, the " + thing + " is at the " + quadrant.phrase() + ".",
            "So the " + thing + " is in the " + quadrant.phrase() + ".");
    d.objects = layout.objects;
    return d;
  }

  private Draft largestQuestion(SplittableRandom r) {
    ShapeKind shape = pick(ShapeKind.values(), r);
    SceneColor color = pick(SceneColor.values(), r);
    Layout layout = new Layout(r);
    double cell = (double) imageSize / grid;
    layout.place(shape, color, cell * Math.min(0.48, objectScale * (0.44 + 0.04 * r.nextDouble())), null);
    List<ShapeKind> rest = new ArrayList<>(List.of(ShapeKind.values()));
    rest.remove(shape);
    shuffle(rest, r);
    int others = 1 + r.nextInt(3);
    for (int k = 0; k < others; k++) {
      layout.place(rest.get(k), pick(SceneColor.values(), r), cell * Math.min(0.28, objectScale * (0.2 + 0.04 * r.nextDouble())), null);
    }
    Draft d = new Draft();
    d.question =
        r.nextBoolean() ? "Which shape is the largest?" : "What is the largest shape in the picture?";
    d.answer = shape.word();
    d.distractors = shapeWordsExcept(shape);
    d.variants = shapeVariants(shape);
    d.rationales =
        List.of(
            "The " + shape.word() + " is bigger than the other shapes.",
            "All the other shapes are small.",
            "The largest object is " + article(color.word()) + " " + color.word() + " " + shape.word() + ".",
            "The " + shape.word() + " is the biggest object in the picture.",
            "So the largest shape is the " + shape.word() + ".");
    d.objects = layout.objects;
    return d;
  }

  private Draft shapeQuestion(SplittableRandom r) {
    ShapeKind shape = pick(ShapeKind.values(), r);
    SceneColor color = pick(SceneColor.values(), r);
    Layout layout = new Layout(r);
    SceneObject target = layout.place(shape, color, mediumRadius(r), null);
    int others = 1 + r.nextInt(3);
    for (int k = 0; k < others; k++) {
      layout.place(pick(ShapeKind.values(), r), pickOther(SceneColor.values(), color, r), mediumRadius(r), null);
    }
    Quadrant q = quadrant(target);
    Draft d = new Draft();
    d.question =
        r.nextBoolean()
            ? "What shape is the " + color.word() + " object?"
            : "What is the shape of the " + color.word() + " object?";
    d.answer = shape.word();
    d.distractors = shapeWordsExcept(shape);
    d.variants = shapeVariants(shape);
    d.rationales =
        List.of(
            "The " + color.word() + " object is a " + shape.word() + ".",
            "Only one object in the picture is " + color.word() + ".",
            "It is " + article(color.word()) + " " + color.word() + " " + shape.word() + " in the "
                + q.phrase() + " of the picture.",
            "The shape of the " + color.word() + " object is a " + shape.word() + ".",
            "So the " + color.word() + " object is a " + shape.word() + ".");
    d.objects = layout.objects;
    return d;
  }

  private double mediumRadius(SplittableRandom r) {
    return (double) imageSize / grid * Math.min(0.44, objectScale * (0.3 + 0.14 * r.nextDouble()));
  }

  private Quadrant quadrant(SceneObject o) {
    return Quadrant.ofCell(o.cellColumn(), o.cellRow(), grid);
  }

  private static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private static List<String> shapeWordsExcept(ShapeKind shape) {
    List<String> out = new ArrayList<>();
    for (ShapeKind s : ShapeKind.values()) {
      if (s != shape) {
        out.add(s.word());
      }
    }
    return out;
  }

  private static List<String> shapeVariants(ShapeKind shape) {
    switch (shape) {
      case CIRCLE:
        return List.of("round");
      case DIAMOND:
        return List.of("rhombus");
      default:
        return List.of();
    }
  }

  private static List<String> wordsExcept(SceneColor[] values, SceneColor except) {
    List<String> out = new ArrayList<>();
    for (SceneColor c : values) {
      if (c != except) {
        out.add(c.word());
      }
    }
    return out;
  }

  private static <T> T pick(T[] values, SplittableRandom r) {
    return values[r.nextInt(values.length)];
  }

  private static <T> T pickOther(T[] values, T except, SplittableRandom r) {
    T v;
    do {
      v = values[r.nextInt(values.length)];
    } while (v.equals(except));
    return v;
  }

  /** Fisher-Yates with the given stream (Collections.shuffle needs a java.util.Random). */
  private static <T> void shuffle(List<T> list, SplittableRandom r) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, r.nextInt(i + 1));
    }
  }

  /** Places objects in distinct cells of the grid, jittered inside their cell. */
  private final class Layout {
    final SplittableRandom r;
    final List<SceneObject> objects = new ArrayList<>();
    final boolean[] used = new boolean[grid * grid];

    Layout(SplittableRandom r) {
      this.r = r;
    }

    SceneObject place(ShapeKind shape, SceneColor color, double radius, Quadrant in) {
      List<Integer> free = new ArrayList<>();
      for (int c = 0; c < used.length; c++) {
        if (!used[c] && (in == null || Quadrant.ofCell(c % grid, c / grid, grid) == in)) {
          free.add(c);
        }
      }
      if (free.isEmpty()) {
        throw new IllegalStateException("no free cell for a " + shape.word() + " (layout full)");
      }
      int cell = free.get(r.nextInt(free.size()));
      used[cell] = true;
      int col = cell % grid;
      int row = cell / grid;
      double size = (double) imageSize / grid;
      double slack = Math.max(0.0, size / 2 - radius - 1);
      double cx = col * size + size / 2 + (2 * r.nextDouble() - 1) * slack;
      double cy = row * size + size / 2 + (2 * r.nextDouble() - 1) * slack;
      SceneObject o = new SceneObject(shape, color, radius >= size * 0.4, col, row, cx, cy, radius);
      objects.add(o);
      return o;
    }
  }

  /** Builds a {@link SceneDatasetGenerator}; every value has a default. */
  public static final class Builder {
    private int trainSize = 1000;
    private int valSize = 200;
    private int imageSize = 112;
    private long seed = 42L;
    private float jpegQuality = 0.95f;
    private int grid = GRID;
    private List<QuestionKind> kinds = List.of(QuestionKind.values());
    private double objectScale = 1.0;
    private boolean keyRationaleFirst;

    private Builder() {}

    /**
     * Whether the first of the three rationales is always the one stating the answer from the
     * image (e.g. "The circle is red."), followed by two of the others (default false: three of the
     * five drawn in random order).
     */
    public Builder optKeyRationaleFirst(boolean keyRationaleFirst) {
      this.keyRationaleFirst = keyRationaleFirst;
      return this;
    }

    /**
     * Cells per side of the layout grid (default 4; even, 2 to 8). A coarser grid draws fewer,
     * larger objects per image (each object's size is relative to its cell); with 2 every cell is
     * a quadrant and a count question has at most four objects in all.
     */
    public Builder optGrid(int grid) {
      checkArgument(grid >= 2 && grid <= 8 && grid % 2 == 0, "grid must be even and in [2, 8], got %s", grid);
      this.grid = grid;
      return this;
    }

    /**
     * The question kinds to draw (default all five), balanced in blocks of {@code kinds.size()}
     * consecutive questions; duplicates are ignored and the order is the enum order.
     */
    public Builder optQuestionKinds(java.util.Collection<QuestionKind> kinds) {
      checkNotNull(kinds, "kinds");
      checkArgument(!kinds.isEmpty(), "at least one question kind is needed");
      this.kinds = List.copyOf(java.util.EnumSet.copyOf(kinds));
      return this;
    }

    /**
     * Factor on object radii relative to their cell (default 1; in [0.5, 1.6]). Radii are capped
     * below half a cell, so objects never leave their cell, and the small objects of a largest-shape
     * question stay under 0.6 times the large one.
     */
    public Builder optObjectScale(double objectScale) {
      checkArgument(objectScale >= 0.5 && objectScale <= 1.6, "objectScale must be in [0.5, 1.6], got %s", objectScale);
      this.objectScale = objectScale;
      return this;
    }

    /** Number of training questions (default 1000). */
    public Builder optTrainSize(int trainSize) {
      checkArgument(trainSize >= 0 && trainSize <= MAX_SPLIT_SIZE, "trainSize must be in [0, %s], got %s", MAX_SPLIT_SIZE, trainSize);
      this.trainSize = trainSize;
      return this;
    }

    /** Number of validation questions (default 200). */
    public Builder optValSize(int valSize) {
      checkArgument(valSize >= 0 && valSize <= MAX_SPLIT_SIZE, "valSize must be in [0, %s], got %s", MAX_SPLIT_SIZE, valSize);
      this.valSize = valSize;
      return this;
    }

    /** Width and height of the square images in pixels (default 112; at least 32). */
    public Builder optImageSize(int imageSize) {
      checkArgument(imageSize >= 32 && imageSize <= 4096, "imageSize must be in [32, 4096], got %s", imageSize);
      this.imageSize = imageSize;
      return this;
    }

    /** The seed (default 42). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** JPEG quality in (0, 1] (default 0.95). */
    public Builder optJpegQuality(float jpegQuality) {
      checkArgument(jpegQuality > 0 && jpegQuality <= 1, "jpegQuality must be in (0, 1], got %s", jpegQuality);
      this.jpegQuality = jpegQuality;
      return this;
    }

    /** Builds the generator. */
    public SceneDatasetGenerator build() {
      return new SceneDatasetGenerator(this);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SceneDatasetGenerator[train=%d, val=%d, image=%dpx, seed=%d, quality=%.2f, grid=%d, kinds=%s, scale=%.2f]",
        trainSize,
        valSize,
        imageSize,
        seed,
        jpegQuality,
        grid,
        kinds,
        objectScale);
  }
}
