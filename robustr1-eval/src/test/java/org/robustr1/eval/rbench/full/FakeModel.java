package org.robustr1.eval.rbench.full;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/**
 * A deterministic stand-in for a VLM: its answer depends on the task (read from the prompt), the
 * item number and the image's pixels; it counts the calls per prompt and image. Item 3's MCQ answer
 * is empty and item 5's VQA answer is {@code N/A}, both of which pandas reads back as NaN.
 */
public final class FakeModel implements VisionLanguageModel {

  private static final Pattern Q = Pattern.compile("^Q(\\d+):");

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final String name;
  private final boolean chains;

  /** The model {@code fake-vlm}, answering plainly. */
  public FakeModel() {
    this("fake-vlm", false);
  }

  /**
   * @param name the model name
   * @param chains wrap every answer in a Robust-R1 chain ({@code <TYPE>..<ANSWER>a<ANSWER_END>})
   */
  public FakeModel(String name, boolean chains) {
    this.name = name;
    this.chains = chains;
  }

  /** The answer to one prompt and image. */
  public static String answer(String user, byte[] pixels) {
    int h = Math.floorMod(Arrays.hashCode(pixels), 1000);
    Matcher m = Q.matcher(user);
    int q = m.find() ? Integer.parseInt(m.group(1)) : -1;
    if (user.contains("Answer with the option's letter")) {
      return q == 3 ? "" : String.valueOf("ABCD".charAt(h % 4));
    }
    if (user.contains("Please answer no more than 10 words")) {
      return q == 5 ? "N/A" : h % 2 == 0 ? "square" : "a white box";
    }
    return "A box, " + (h % 3) + " shades.\nThe \"ground\" is plain.";
  }

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
    List<Generation> out = new ArrayList<>();
    for (VlmPrompt p : prompts) {
      byte[] px = p.images().get(0).pixels();
      calls.computeIfAbsent(p.user() + "#" + Arrays.hashCode(px), k -> new AtomicInteger()).incrementAndGet();
      String a = answer(p.user(), px);
      String text = chains ? "<TYPE>noise(0.4)<TYPE_END>\n<INFLUENCE>grainy<INFLUENCE_END>\n<REASONING>a box"
          + "<REASONING_END>\n<CONCLUSION>ok<CONCLUSION_END>\n<ANSWER>" + a + "<ANSWER_END>" : a;
      out.add(new Generation(new int[0], new int[0], text, new float[0]));
    }
    return out;
  }

  /** Calls per prompt and image. */
  public Map<String, AtomicInteger> calls() {
    return calls;
  }

  /** All calls. */
  public int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public String name() {
    return name;
  }
}
