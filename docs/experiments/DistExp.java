package org.robustr1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.*;
import java.util.*;
import org.robustr1.degrade.dataset.*;
import org.robustr1.degrade.scenes.*;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.data.*;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftTrainer;

/** Baseline arm with the long Robust-R1 instruction in the prompt (answers only). */
public class DistExp {
  public static void main(String[] a) throws Exception {
    long seed = Long.parseLong(a[1]);
    Path out = Path.of(a[0]);
    DemoConfig cfg = DemoConfig.full(seed);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    Path dir = out.resolve("data/answer");
    p.buildDataset(scenes, SceneDatasetGenerator.TRAIN, dir, OutputMode.ANSWER_ONLY, seed, Integer.MAX_VALUE);
    Path f = dir.resolve(DatasetBuilder.TRAIN_FILE);
    ObjectMapper m = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(f)) {
      ObjectNode n = (ObjectNode) m.readTree(l);
      ObjectNode h = (ObjectNode) ((ArrayNode) n.get("conversations")).get(0);
      String v = h.get("value").asText();
      h.put("value", TrainingPrompts.IMAGE_TOKEN + TrainingPrompts.robust(v.substring(TrainingPrompts.IMAGE_TOKEN.length())));
      lines.add(m.writeValueAsString(n));
    }
    Files.write(f, lines);
    System.out.println(lines.get(0));
    TrainDataset data = DemoPipeline.readTrain(dir);
    try (QwenPolicy base = QwenPolicy.load(RobustR1Tiny.checkpointDir())) {
      new SftTrainer(p.sftConfig(cfg.baselineSteps()), base).train(data, p.runOptions("train/baseline-long"));
      ModelEval e = p.evaluate("baseline-long", base.model(), true, 8, scenes, DemoPipeline.TRACKS);
      System.out.println(e);
    }
  }
}
