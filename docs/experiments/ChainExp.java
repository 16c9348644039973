package org.robustr1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.*;
import java.util.*;
import java.util.regex.*;
import org.robustr1.degrade.dataset.*;
import org.robustr1.degrade.scenes.*;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.data.*;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftTrainer;

/** Chain SFT on rewritten chains: variant "noperc" empties TYPE and INFLUENCE, "key" keeps one REASONING sentence. */
public class ChainExp {
  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    long seed = Long.parseLong(a[1]);
    String variant = a[2];
    DemoConfig cfg = DemoConfig.full(seed);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    Path dir = out.resolve("data/chain");
    p.buildDataset(scenes, SceneDatasetGenerator.TRAIN, dir, OutputMode.CHAIN, seed, Integer.MAX_VALUE);
    Path f = dir.resolve(DatasetBuilder.TRAIN_FILE);
    ObjectMapper m = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(f)) {
      ObjectNode n = (ObjectNode) m.readTree(l);
      ObjectNode g = (ObjectNode) ((ArrayNode) n.get("conversations")).get(1);
      String v = g.get("value").asText();
      if (variant.equals("noperc")) {
        v = v.replaceAll("(?s)<TYPE>.*?<TYPE_END>", "<TYPE><TYPE_END>").replaceAll("(?s)<INFLUENCE>.*?<INFLUENCE_END>", "<INFLUENCE><INFLUENCE_END>");
      } else if (variant.equals("key")) {
        Matcher mm = Pattern.compile("(?s)<REASONING>(.*?)<REASONING_END>").matcher(v);
        mm.find();
        String r = mm.group(1);
        int dot = r.indexOf(". ");
        String first = dot < 0 ? r : r.substring(0, dot + 1);
        v = v.substring(0, mm.start(1)) + first + v.substring(mm.end(1));
      }
      g.put("value", v);
      lines.add(m.writeValueAsString(n));
    }
    Files.write(f, lines);
    System.out.println(lines.get(1));
    TrainDataset data = DemoPipeline.readTrain(dir);
    try (QwenPolicy pol = QwenPolicy.load(RobustR1Tiny.checkpointDir())) {
      new SftTrainer(p.sftConfig(cfg.sftSteps()), pol).train(data, p.runOptions("train/sft-" + variant));
      ModelEval e = p.evaluate("sft-" + variant, pol.model(), true, 160, scenes, DemoPipeline.TRACKS);
    }
  }
}
