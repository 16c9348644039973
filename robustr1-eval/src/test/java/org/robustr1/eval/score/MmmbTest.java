package org.robustr1.eval.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.report.EvalReport;

/** MMMB: six languages concatenated in VLMEvalKit's order, scored per language, plus the mean of six. */
class MmmbTest {

  @Test
  void perLanguageAndMeanOfSix(@TempDir Path dir) throws Exception {
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, String> preds = new LinkedHashMap<>();
    int lang = 0;
    for (String l : McqDataset.MMMB_LANGUAGES) {
      String q = l.equals("cn") ? "图中是什么" : "What is it";
      Path p = dir.resolve("mmmb_" + l + ".tsv");
      Files.writeString(p, "index\tquestion\thint\tA\tB\tanswer\tcategory\tsplit\timage_path\n"
          + "0\t" + q + "\t\tcat\tdog\tA\tc1\tdev\t0.jpg\n1\t" + q + "\t\tcat\tdog\tB\tc2\tdev\t1.jpg\n", StandardCharsets.UTF_8);
      files.put(l, p);
      preds.put("MMMB_" + l + "/0", "A");
      preds.put("MMMB_" + l + "/1", lang % 2 == 0 ? "B" : "A");
      lang++;
    }
    McqDataset ds = McqDataset.mmmb(files, McqDataset.Options.benchmark());
    assertThat(ds.subsets()).containsExactly("MMMB_ar", "MMMB_cn", "MMMB_en", "MMMB_pt", "MMMB_ru", "MMMB_tr");
    Map<String, McqScorer.Result> r = new McqScorer(ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.LEGACY)))
        .scoreBySubset(ds, preds, dir.resolve("p.jsonl"));
    assertThat(r.get("MMMB_ar").overall()).isEqualTo(1.0);
    assertThat(r.get("MMMB_cn").overall()).isEqualTo(0.5);
    assertThat(r.get("MMMB_en").acc().columns()).containsExactly("split", "Overall", "c1", "c2");
    EvalReport rep = EvalReport.of("m", "MMMB", Map.of("clean", r), Map.of("clean", 0.0), 1L);
    EvalReport.Row mean = rep.rows().get(rep.rows().size() - 1);
    assertThat(mean.subset()).isEqualTo("MMMB (mean of 6)");
    assertThat(mean.accuracy()).isEqualTo(0.75);
  }
}
