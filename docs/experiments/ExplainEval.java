package org.robustr1.demo.pretrain;

import java.nio.file.Path;
import java.util.*;
import org.robustr1.model.*;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.qwen.Qwen25VlModel;

/** Answer accuracy of EXPLAIN / EXPLAIN_CHOICES / MULTIPLE_CHOICE held-out samples: the X of "So the answer is X." */
public class ExplainEval {
  public static void main(String[] a) throws Exception {
    try (Qwen25VlModel model = Qwen25VlModel.load(Path.of(a[0]))) {
      PretrainingTasks tasks = PretrainingTasks.of(99, EmbeddedModel.IMAGE_SIZE, PretrainingTasks.EXPLAINED_CHOICES_MIX);
      Map<PretrainingTasks.Task, List<PretrainingTasks.Sample>> by = new EnumMap<>(PretrainingTasks.Task.class);
      for (long i = 0; i < 4000; i++) {
        PretrainingTasks.Sample s = tasks.sample(i);
        if (s.task() == PretrainingTasks.Task.EXPLAIN || s.task() == PretrainingTasks.Task.EXPLAIN_CHOICES || s.task() == PretrainingTasks.Task.MULTIPLE_CHOICE) {
          List<PretrainingTasks.Sample> l = by.computeIfAbsent(s.task(), k -> new ArrayList<>());
          if (l.size() < 100) l.add(s);
        }
      }
      for (var e : by.entrySet()) {
        int hits = 0;
        List<PretrainingTasks.Sample> ss = e.getValue();
        for (int from = 0; from < ss.size(); from += 25) {
          List<PretrainingTasks.Sample> chunk = ss.subList(from, Math.min(ss.size(), from + 25));
          List<VlmPrompt> prompts = new ArrayList<>();
          for (var s : chunk) prompts.add(VlmPrompt.of(List.of(s.image()), s.user()));
          List<Generation> g = model.generate(prompts, SamplingConfig.greedy(80));
          for (int i = 0; i < chunk.size(); i++) {
            hits += ans(g.get(i).text()).equals(ans(chunk.get(i).target())) ? 1 : 0;
          }
        }
        System.out.printf("%s answer accuracy %.2f (n=%d)%n", e.getKey(), hits / (double) ss.size(), ss.size());
      }
    }
  }

  static String ans(String t) {
    t = t.strip();
    int i = t.lastIndexOf("So the answer is ");
    if (i >= 0) {
      t = t.substring(i + 17);
      if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
    }
    return t.strip();
  }
}
