package org.robustr1.eval.rbench.full;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustr1.eval.data.DelimitedTable;
import org.robustr1.eval.rbench.RBenchFiles;

/**
 * Test oracle for the R-Bench judge, written independently of the code under test: the judge
 * prompts quoted from the official notebook ({@code Q-Future/R-Bench} @ {@code 84d93bb},
 * {@code R-Bench-Script.ipynb}, the three "Evaluate" cells; the f-strings line by line as they stand
 * there, 12-space indents and trailing spaces included), a deterministic stub-judge rule, and the
 * notebook's aggregation done by hand.
 */
public final class NotebookJudge {

  /** The MCQ cell's {@code msg = f'''...'''}. */
  static final String MCQ = String.join("\n",
      "You will now be provided with a question [{question}] and a set of options [{answers}] with option [{correct_ans}] being the correct answer.",
      "            Additionally, there will be an answer [{answer}] provided by a respondent. Please determine whether the respondent's answer is correct considering the context of the question.",
      "            Even if the word choice is not completely the same, you can decide based on the given options and see whether the one in the answer is close enough to the given correct answer",
      "            The result is 1 if the answer is correct and else the result is 0. Please only provide the result in the following format: Score:");

  private static final String RUBRIC = String.join("\n",
      "            First, check the response and please rate score 0 if the response is not a valid answer.",
      "            Please rate score 2 if the response completely or almost completely matches the correct answer on completeness, accuracy, and relevance. ",
      "            Please rate score 1 if the response partly matches the correct answer on completeness, accuracy, and relevance.",
      "            Please rate score 0 if the response doesn't match the correct answer on completeness, accuracy, and relevance at all.",
      "            Please only provide the result in the following format: Score:");

  /** The VQA cell's {@code msg= f'''...'''}. */
  static final String VQA = "Given the question [{question}], evaluate whether the response [{answer}] completely matches"
      + " the correct answer [{correct_ans}]. \n" + RUBRIC;

  /** The CAP cell's {@code msg= f'''...'''} against the key (one per reference caption). */
  static final String CAP = "Evaluate whether the sentence [{answer}] completely matches the correct answer [{correct}]. \n" + RUBRIC;

  /** The CAP branch of the "com" cell (the reference-image answer as {@code correct_ans}). */
  static final String CAP_COM = "Evaluate whether the sentence [{answer}] completely matches the correct answer [{correct_ans}]. \n"
      + RUBRIC;

  private static final Pattern FIELD = Pattern.compile("\\{(\\w+)}");

  private NotebookJudge() {}

  /** Python f-string substitution of {@code {name}} fields (single pass). */
  static String fill(String template, Map<String, String> values) {
    Matcher m = FIELD.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The stub judge's rule: the reply to the {@code call}-th request (1-based) that carries {@code
   * prompt}. Some replies end in a digit outside the allowed set or in no digit at all.
   */
  public static String reply(String prompt, int call) {
    int v = Math.floorMod(prompt.hashCode() + 3 * call, 7);
    if (v == 6) {
      return "I cannot tell.";
    }
    if (prompt.startsWith("You will now be provided")) {
      return v == 5 ? "Score: 2" : "Score: " + (v % 2);
    }
    return "Score: " + (v % 3);
  }

  /** The notebook's parsing of one reply: {@code int(result[-1])} if it is in the allowed digits, else 0. */
  static int value(String reply, int max) {
    char c = reply.isEmpty() ? 'x' : reply.charAt(reply.length() - 1);
    return c >= '0' && c <= (char) ('0' + max) ? c - '0' : 0;
  }

  /**
   * One item's score by hand: the prompts its procedure sends, each reply from the rule (the k-th
   * repeat of a prompt gets call k + 1), and the notebook's aggregation.
   *
   * @param type MCQ, VQA or CAP
   * @param correct the "correct answer" (the key's answer, or the reference-image answer for com)
   * @param com whether this is the com comparison (CAP: one string judged five times)
   */
  static double score(String type, String question, String choice, String correct, String answer, boolean com,
      List<String> sent) {
    List<String> prompts = new ArrayList<>();
    Map<String, String> v = new HashMap<>();
    v.put("question", question);
    v.put("answers", choice);
    v.put("correct_ans", correct);
    v.put("answer", answer);
    switch (type) {
      case "MCQ", "VQA" -> {
        for (int i = 0; i < 5; i++) {
          prompts.add(fill(type.equals("MCQ") ? MCQ : VQA, v));
        }
      }
      default -> {
        if (com) {
          for (int i = 0; i < 5; i++) {
            prompts.add(fill(CAP_COM, v));
          }
        } else {
          for (String ref : captions(correct)) {
            v.put("correct", ref);
            prompts.add(fill(CAP, v));
          }
        }
      }
    }
    sent.addAll(prompts);
    Map<String, Integer> seen = new HashMap<>();
    int sum = 0;
    int max = type.equals("MCQ") ? 1 : 2;
    for (String p : prompts) {
      int call = seen.merge(p, 1, Integer::sum);
      sum += value(reply(p, call), max);
    }
    return switch (type) {
      case "MCQ" -> (int) (sum / 5.0 + 0.5);
      case "VQA" -> sum / 10.0;
      default -> com ? sum / 10.0 : sum / (2.0 * prompts.size());
    };
  }

  /**
   * The expected {@code result} column of each Result file, computed by hand from the exp files
   * (as the notebook reads them back) and the fixture rows; {@code sent} collects every prompt the
   * notebook would send.
   */
  public static Map<String, List<Double>> expected(List<RBenchFixtures.Row> rows, Path expRef, Path expDis, List<String> sent) {
    List<RBenchFiles.Output> ref = RBenchFiles.readOutputs(expRef);
    List<RBenchFiles.Output> dis = RBenchFiles.readOutputs(expDis);
    Map<String, List<Double>> out = new LinkedHashMap<>();
    for (String c : List.of("dis", "ref", "com")) {
      out.put(c, new ArrayList<>());
    }
    for (int i = 0; i < rows.size(); i++) {
      RBenchFixtures.Row r = rows.get(i);
      if (!ref.get(i).name().equals(r.name())) {
        throw new AssertionError("exp row " + (i + 1) + " is " + ref.get(i).name() + ", expected " + r.name());
      }
      String a = ref.get(i).answer();
      String d = dis.get(i).answer();
      out.get("dis").add(NotebookJudge.score(r.type(), r.question(), r.choice(), r.answer(), d, false, sent));
      out.get("ref").add(NotebookJudge.score(r.type(), r.question(), r.choice(), r.answer(), a, false, sent));
      out.get("com").add(NotebookJudge.score(r.type(), r.question(), r.choice(), a, d, true, sent));
    }
    return out;
  }

  /**
   * For every prompt, the most times one item's procedure sends it: the calls a run must make, given
   * {@code sent} as {@link #expected} fills it (per item, the dis, ref and com procedures in order).
   */
  public static Map<String, Integer> callsPerPrompt(List<RBenchFixtures.Row> rows, List<String> sent) {
    Map<String, Integer> max = new HashMap<>();
    int pos = 0;
    for (RBenchFixtures.Row r : rows) {
      for (int c = 0; c < 3; c++) {
        int n = r.type().equals("CAP") && c < 2 ? captions(r.answer()).size() : 5;
        Map<String, Integer> local = new HashMap<>();
        for (String p : sent.subList(pos, pos + n)) {
          local.merge(p, 1, Integer::sum);
        }
        local.forEach((p, k) -> max.merge(p, k, Math::max));
        pos += n;
      }
    }
    if (pos != sent.size()) {
      throw new AssertionError(sent.size() + " prompts for " + pos + " expected");
    }
    return max;
  }

  /** The {@code result} column of a Result file. */
  public static List<Double> resultColumn(Path f) {
    DelimitedTable t = DelimitedTable.readCsv(f);
    int c = t.requireColumn("result");
    List<Double> v = new ArrayList<>();
    t.rows().forEach(r -> v.add(Double.parseDouble(r.cells().get(c))));
    return v;
  }

  /** The captions of a fixture's list literal (plain single-quoted strings). */
  static List<String> captions(String list) {
    String body = list.substring(2, list.length() - 2);
    return List.of(body.split("', '"));
  }
}
