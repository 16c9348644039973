package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.dataset.DatasetRows;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.Quadrant;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneColor;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.SceneQuestion;
import org.robustr1.degrade.scenes.ShapeKind;

/**
 * The pretraining data of {@code robustr1-tiny}, drawn without end and deterministically from a
 * seed and an index: clean procedural scenes (the demo's generator, all five question kinds) with
 * captions, open and multiple-choice questions and short explanations, and text-only tasks that
 * need reading far back in the context. It holds nothing of the Robust-R1 chain format and no
 * degradation: the stand-in for the pretraining of Qwen2.5-VL, which Robust-R1 starts from.
 *
 * <table>
 *   <caption>Tasks</caption>
 *   <tr><th>task</th><th>user</th><th>target</th></tr>
 *   <tr><td>{@link Task#SINGLE_SHAPE}</td><td>image of one large shape, "What color is the
 *       shape?", "What shape is it?" or "What is in the picture?"</td><td>"red", "circle", "a red
 *       circle"</td></tr>
 *   <tr><td>{@link Task#CAPTION}</td><td>image, "Describe the picture."</td><td>"There are three
 *       shapes. A red circle is in the top left. …"</td></tr>
 *   <tr><td>{@link Task#QUESTION}</td><td>image, a question on colour, count, position, size or
 *       shape, or on one quadrant</td><td>the short answer ("red", "three", "top left")</td></tr>
 *   <tr><td>{@link Task#MULTIPLE_CHOICE}</td><td>image, the question block with four numbered
 *       choices, in a third of the samples followed by a long instruction</td><td>the text of the
 *       correct choice</td></tr>
 *   <tr><td>{@link Task#EXPLAIN}</td><td>image, the question and "Explain the answer."</td><td>the
 *       rationales, then "So the answer is X."</td></tr>
 *   <tr><td>{@link Task#EXPLAIN_CHOICES}</td><td>image, the question block with four numbered
 *       choices, in a third of the samples followed by a long instruction, then "Explain the
 *       answer."</td><td>the rationales, then "So the answer is X."</td></tr>
 *   <tr><td>{@link Task#EXPLAIN_THEN_ANSWER}</td><td>as {@link Task#EXPLAIN_CHOICES}</td><td>the
 *       same, then the answer again on its own line, "Answer: X" (as a chain repeats its
 *       conclusion in its answer)</td></tr>
 *   <tr><td>{@link Task#EXPLAIN_THEN_ANSWER_LINE}</td><td>as {@link Task#EXPLAIN_CHOICES}</td><td>the
 *       same, then the answer alone on the last line, "X": written at the start of a line, its first
 *       word is the token without the leading space, as in a chain's {@code <ANSWER>X}, while "So the
 *       answer is X." has the spaced one</td></tr>
 *   <tr><td>{@link Task#RECALL_KEY}</td><td>"The key is W." then 20–200 words of instructions, then
 *       "What is the key?"</td><td>W</td></tr>
 *   <tr><td>{@link Task#RECALL_FACT}</td><td>a caption as text, instructions, a question on one
 *       object</td><td>its colour, shape or position</td></tr>
 *   <tr><td>{@link Task#REPEAT}</td><td>"Say the text again:" and a caption</td><td>the caption</td></tr>
 *   <tr><td>{@link Task#APPEARANCE}</td><td>"How does the picture look?" and the scene, in 80 % of the
 *       cases changed by a {@link PhotometricAugmentation}</td><td>{@link Appearance#describe}: "The
 *       picture looks darker and slightly blurred." (words from the pixels, no operator named)</td></tr>
 * </table>
 */
public final class PretrainingTasks {

  /** The kinds of pretraining samples. */
  public enum Task {
    SINGLE_SHAPE,
    CAPTION,
    QUESTION,
    MULTIPLE_CHOICE,
    EXPLAIN,
    RECALL_KEY,
    RECALL_FACT,
    REPEAT,
    EXPLAIN_CHOICES,
    EXPLAIN_THEN_ANSWER,
    EXPLAIN_THEN_ANSWER_LINE,
    APPEARANCE
  }

  /** What opens the last line of an {@link Task#EXPLAIN_THEN_ANSWER} target, before the answer. */
  public static final String ANSWER_AGAIN = "Answer: ";

  /**
   * One sample: an image (null for text-only tasks), the user text and the assistant target.
   *
   * @param task the task
   * @param image the scene, or null
   * @param user the user turn (without image placeholder)
   * @param target the assistant turn the loss is taken on
   */
  public record Sample(Task task, RgbImage image, String user, String target) {

    /** Validates the values. */
    public Sample {
      requireNonNull(task, "task");
      requireNonNull(user, "user");
      requireNonNull(target, "target");
    }
  }

  /** The default mix, in {@link Task} order. */
  public static final Map<Task, Double> DEFAULT_MIX =
      Map.of(
          Task.SINGLE_SHAPE, 0.1,
          Task.CAPTION, 0.2,
          Task.QUESTION, 0.15,
          Task.MULTIPLE_CHOICE, 0.15,
          Task.EXPLAIN, 0.1,
          Task.RECALL_KEY, 0.1,
          Task.RECALL_FACT, 0.1,
          Task.REPEAT, 0.1);

  /**
   * {@link #DEFAULT_MIX} plus {@link Task#EXPLAIN_CHOICES} at weight 0.2: explanations asked with
   * the choices in view, as a pretrained VLM has seen question-then-reasoning text before any
   * chain fine-tuning. Still nothing of the chain format and no degradation.
   */
  public static final Map<Task, Double> EXPLAINED_CHOICES_MIX = withTask(DEFAULT_MIX, Task.EXPLAIN_CHOICES, 0.2);

  private static Map<Task, Double> withTask(Map<Task, Double> mix, Task task, double weight) {
    Map<Task, Double> m = new EnumMap<>(mix);
    m.put(task, weight);
    return Collections.unmodifiableMap(m);
  }

  /** How often an {@link Task#APPEARANCE} sample shows an augmented scene rather than the clean one. */
  static final double APPEARANCE_CHANGED = 0.8;

  /** The user text of a caption sample. */
  public static final String DESCRIBE = "Describe the picture.";

  /** Sentences that stand for a long instruction between a question and its answer. */
  private static final List<String> INSTRUCTIONS =
      List.of(
          "Look at the picture and read the question before you give the answer.",
          "Think about what you can see in the image and which part of it the question is about.",
          "The answer should be short and use the words of the question when possible.",
          "Check the color, the shape, the size and the position of each object.",
          "If there are several objects, find the one the question is about first.",
          "Then check it against the other objects in the scene and choose.",
          "Give only the final answer and do not add other words.",
          "A picture can have many shapes or only one shape.",
          "Count the objects one by one when the question is how many there are.",
          "The top left, the top right, the bottom left and the bottom right are where the objects can be.",
          "Please respond with a single word or a short phrase.",
          "Read all of the text that comes next, because the question at the end is about it.");

  private static final String[] KEY_WORDS = {
    "red", "green", "blue", "yellow", "purple", "orange", "circle", "square", "triangle", "diamond",
    "one", "two", "three", "four", "top", "bottom", "left", "right", "big", "small"
  };

  private static final String[] NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five"};

  private final long seed;
  private final SceneDatasetGenerator scenes;
  private final Task[] tasks;
  private final double[] cumulative;

  private PretrainingTasks(long seed, int imageSize, Map<Task, Double> mix) {
    this.seed = seed;
    this.scenes =
        SceneDatasetGenerator.builder()
            .optTrainSize(1)
            .optValSize(1)
            .optImageSize(imageSize)
            .optSeed(seed)
            .optGrid(2)
            .optObjectScale(1.5)
            .optQuestionKinds(List.of(QuestionKind.values()))
            .optKeyRationaleFirst(true)
            .build();
    Map<Task, Double> ordered = new EnumMap<>(mix);
    checkArgument(!ordered.isEmpty(), "empty task mix");
    this.tasks = ordered.keySet().toArray(new Task[0]);
    this.cumulative = new double[tasks.length];
    double total = 0;
    for (int i = 0; i < tasks.length; i++) {
      double w = ordered.get(tasks[i]);
      checkArgument(w >= 0, "weight of %s must be >= 0, got %s", tasks[i], w);
      total += w;
      cumulative[i] = total;
    }
    checkArgument(total > 0, "task weights sum to 0");
    for (int i = 0; i < tasks.length; i++) {
      cumulative[i] /= total;
    }
  }

  /** Tasks of {@code imageSize}-pixel scenes in the {@link #DEFAULT_MIX}. */
  public static PretrainingTasks of(long seed, int imageSize) {
    return of(seed, imageSize, DEFAULT_MIX);
  }

  /** Tasks of {@code imageSize}-pixel scenes in the given mix (weights need not sum to 1). */
  public static PretrainingTasks of(long seed, int imageSize, Map<Task, Double> mix) {
    return new PretrainingTasks(seed, imageSize, requireNonNull(mix, "mix"));
  }

  /** Sample {@code index}: the same for the same seed and index, whatever was drawn before. */
  public Sample sample(long index) {
    checkArgument(index >= 0, "index must be >= 0, got %s", index);
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x5A17L);
    double u = r.nextDouble();
    Task task = tasks[tasks.length - 1];
    for (int i = 0; i < tasks.length; i++) {
      if (u < cumulative[i]) {
        task = tasks[i];
        break;
      }
    }
    SceneQuestion q = scenes.questionAt(SceneDatasetGenerator.TRAIN, (int) (index % Integer.MAX_VALUE));
    return switch (task) {
      case SINGLE_SHAPE -> singleShape(q.scene(), r);
      case CAPTION -> new Sample(task, image(q.scene()), DESCRIBE, caption(q.scene()));
      case QUESTION -> openQuestion(q, r);
      case MULTIPLE_CHOICE -> {
        String block = TrainingPrompts.questionBlock(q.record().question(), q.record().choices());
        yield new Sample(task, image(q.scene()), sometimesInstructed(block, r), q.record().answer());
      }
      case EXPLAIN ->
          new Sample(task, image(q.scene()), q.record().question() + " Explain the answer.", explanation(q));
      case EXPLAIN_CHOICES, EXPLAIN_THEN_ANSWER, EXPLAIN_THEN_ANSWER_LINE -> {
        String block = TrainingPrompts.questionBlock(q.record().question(), q.record().choices());
        String user = sometimesInstructed(block, r);
        user += (user.endsWith("\n") ? "" : " ") + "Explain the answer.";
        String again = switch (task) {
          case EXPLAIN_THEN_ANSWER -> "\n" + ANSWER_AGAIN + q.record().answer();
          case EXPLAIN_THEN_ANSWER_LINE -> "\n" + q.record().answer();
          default -> "";
        };
        yield new Sample(task, image(q.scene()), user, explanation(q) + again);
      }
      case RECALL_KEY -> {
        String key = KEY_WORDS[r.nextInt(KEY_WORDS.length)];
        yield new Sample(task, null, "The key is " + key + ". " + instructions(r, 20 + r.nextInt(180)) + " What is the key?", key);
      }
      case RECALL_FACT -> recallFact(q.scene(), r);
      case REPEAT -> new Sample(task, null, "Say the text again: " + caption(q.scene()), caption(q.scene()));
      case APPEARANCE -> {
        RgbImage clean = image(q.scene());
        RgbImage shown = PhotometricAugmentation.apply(clean, r.nextLong(), APPEARANCE_CHANGED);
        yield new Sample(task, shown, Appearance.QUESTION, Appearance.describe(clean, shown));
      }
    };
  }

  /** The question block, in a third of the cases followed by 60–160 words of instructions. */
  private static String sometimesInstructed(String block, SplittableRandom r) {
    return r.nextInt(3) == 0 ? block + instructions(r, 60 + r.nextInt(100)) : block;
  }

  private static String explanation(SceneQuestion q) {
    return String.join(" ", q.record().rationales()) + " " + DatasetRows.SO_THE_ANSWER_IS + q.record().answer() + ".";
  }

  /** Instruction sentences of at least {@code words} words in total. */
  static String instructions(SplittableRandom r, int words) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    while (n < words) {
      String s = INSTRUCTIONS.get(r.nextInt(INSTRUCTIONS.size()));
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
      n += s.split(" ").length;
    }
    return sb.toString();
  }

  /** The objects of a scene in reading order (top row first, left to right). */
  static List<SceneObject> readingOrder(Scene scene) {
    List<SceneObject> objects = new ArrayList<>(scene.objects());
    objects.sort(Comparator.comparingInt(SceneObject::cellRow).thenComparingInt(SceneObject::cellColumn));
    return objects;
  }

  /** "There are three shapes. A red circle is in the top left. …", sizes named when they differ. */
  public static String caption(Scene scene) {
    List<SceneObject> objects = readingOrder(scene);
    boolean sizes = objects.stream().anyMatch(SceneObject::large) && objects.stream().anyMatch(o -> !o.large());
    StringBuilder sb = new StringBuilder();
    sb.append(objects.size() == 1 ? "There is one shape." : "There are " + NUMBER_WORDS[Math.min(objects.size(), 5)] + " shapes.");
    for (SceneObject o : objects) {
      String thing = (sizes ? (o.large() ? "big " : "small ") : "") + o.color().word() + " " + o.shape().word();
      sb.append(' ').append(capitalise(article(thing))).append(' ').append(thing).append(" is in the ")
          .append(quadrant(scene, o).phrase()).append('.');
    }
    return sb.toString();
  }

  private Sample openQuestion(SceneQuestion q, SplittableRandom r) {
    Scene scene = q.scene();
    List<SceneObject> objects = readingOrder(scene);
    switch (r.nextInt(4)) {
      case 0: {
        Quadrant at = Quadrant.values()[r.nextInt(4)];
        String answer = "nothing";
        for (SceneObject o : objects) {
          if (quadrant(scene, o) == at) {
            answer = article(o.color().word()) + " " + o.color().word() + " " + o.shape().word();
          }
        }
        return new Sample(Task.QUESTION, image(scene), "What is in the " + at.phrase() + "?", answer);
      }
      case 1:
        return new Sample(Task.QUESTION, image(scene), "How many shapes are there?", NUMBER_WORDS[Math.min(objects.size(), 5)]);
      default:
        return new Sample(Task.QUESTION, image(scene), q.record().question(), q.record().answer());
    }
  }

  /**
   * The scene of image {@code index} for the tower's own stage: the generator's scene of that
   * index, or in 30 % of the indices one large shape on its background.
   */
  public Scene scene(long index) {
    checkArgument(index >= 0, "index must be >= 0, got %s", index);
    SplittableRandom r = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L + 0xA11L);
    Scene s = scenes.questionAt(SceneDatasetGenerator.TRAIN, (int) (index % Integer.MAX_VALUE)).scene();
    return r.nextDouble() < 0.3 ? singleShapeScene(s, r) : s;
  }

  /** One large shape (radius 0.3 of the side) at a random place on the background of {@code like}. */
  private static Scene singleShapeScene(Scene like, SplittableRandom r) {
    SceneColor color = SceneColor.values()[r.nextInt(SceneColor.values().length)];
    ShapeKind shape = ShapeKind.values()[r.nextInt(ShapeKind.values().length)];
    int size = like.size();
    double radius = size * 0.3;
    double slack = Math.max(0, size / 2.0 - radius - 2);
    double cx = size / 2.0 + (2 * r.nextDouble() - 1) * slack;
    double cy = size / 2.0 + (2 * r.nextDouble() - 1) * slack;
    return new Scene(size, like.grid(), like.background(), List.of(new SceneObject(shape, color, true, 0, 0, cx, cy, radius)));
  }

  private Sample singleShape(Scene like, SplittableRandom r) {
    Scene scene = singleShapeScene(like, r);
    SceneObject o = scene.objects().get(0);
    SceneColor color = o.color();
    ShapeKind shape = o.shape();
    return switch (r.nextInt(3)) {
      case 0 -> new Sample(Task.SINGLE_SHAPE, image(scene), "What color is the shape?", color.word());
      case 1 -> new Sample(Task.SINGLE_SHAPE, image(scene), "What shape is it?", shape.word());
      default -> new Sample(Task.SINGLE_SHAPE, image(scene), "What is in the picture?",
          article(color.word()) + " " + color.word() + " " + shape.word());
    };
  }

  private Sample recallFact(Scene scene, SplittableRandom r) {
    List<SceneObject> objects = readingOrder(scene);
    SceneObject o = objects.get(r.nextInt(objects.size()));
    String gap = instructions(r, 10 + r.nextInt(120));
    Quadrant at = quadrant(scene, o);
    String user;
    String answer;
    switch (r.nextInt(3)) {
      case 0:
        user = "What color is the shape in the " + at.phrase() + "?";
        answer = o.color().word();
        break;
      case 1:
        user = "What shape is in the " + at.phrase() + "?";
        answer = o.shape().word();
        break;
      default:
        user = "Where is the " + o.color().word() + " " + o.shape().word() + "?";
        answer = at.phrase();
    }
    return new Sample(Task.RECALL_FACT, null, caption(scene) + " " + gap + " " + user, answer);
  }

  private static Quadrant quadrant(Scene scene, SceneObject o) {
    return Quadrant.ofCell(o.cellColumn(), o.cellRow(), scene.grid());
  }

  /** The image of a scene as the demo's model sees it (the generator's JPEG, decoded). */
  public RgbImage image(Scene scene) {
    // the demo's scenes reach the model as the generator's JPEG files
    try {
      return RgbImage.of(ImageIO.read(new ByteArrayInputStream(scenes.encodeJpeg(scene.render()))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a rendered scene", e);
    }
  }

  private static String article(String words) {
    return "aeiou".indexOf(words.charAt(0)) >= 0 ? "an" : "a";
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
