package org.robustr1.eval.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.eval.GoldenFiles;
import org.robustr1.eval.data.DelimitedTable;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.data.Predictions;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.prompt.McqPrompts;

/** {@code mcq_prompt*.tsv/jsonl} and {@code report_acc*} golden cases. */
class McqGoldenTest {

  @Test
  void buildPromptMatchesVlmEvalKit() {
    Path dir = GoldenFiles.evalDir().resolve("vlmevalkit");
    Map<String, McqDataset> tables = new HashMap<>();
    List<JsonNode> cases = GoldenFiles.jsonl(dir.resolve("mcq_prompt.jsonl"));
    assertThat(cases).hasSize(12);
    for (JsonNode c : cases) {
      String table = c.get("table").asText();
      McqDataset ds = tables.computeIfAbsent(table, t -> McqDataset.load(dir.resolve(t), t,
          new McqDataset.Options(true, true, org.robustr1.eval.data.BadInputPolicy.FAIL)));
      McqItem item = ds.items().get(c.get("tsv_row").asInt());
      assertThat(item.index()).isEqualTo(c.get("index").asText());
      List<String> images = new ArrayList<>();
      String text = null;
      for (JsonNode m : c.get("expected_msgs")) {
        if (m.get("type").asText().equals("image")) {
          images.add(m.get("value").asText());
        } else {
          text = m.get("value").asText();
        }
      }
      assertThat(item.imagePaths()).as(c.get("id").asText()).containsExactlyElementsOf(images);
      assertThat(McqPrompts.vlmEvalKit(item)).as(c.get("id").asText()).isEqualTo(text);
      JsonNode cells = c.get("parsed_cells");
      for (String l : List.of("A", "B", "C", "D", "E")) {
        if (cells.has(l)) {
          assertThat(item.options().get(l)).as(c.get("id") + " " + l).isEqualTo(GoldenFiles.pyStr(cells.get(l)));
        }
      }
      assertThat(item.hint()).isEqualTo(GoldenFiles.pyStr(cells.get("hint")));
    }
  }

  @Test
  void reportAccMatchesVlmEvalKit() throws Exception {
    Path dir = GoldenFiles.evalDir().resolve("vlmevalkit");
    List<JsonNode> cases = GoldenFiles.jsonl(dir.resolve("report_acc.jsonl"));
    assertThat(cases).hasSize(2);
    for (JsonNode c : cases) {
      Path tsv = dir.resolve(c.get("input").asText());
      McqDataset ds = McqDataset.load(tsv, "R-Bench-Dis", McqDataset.Options.scoringOnly());
      Map<String, String> preds = Predictions.read(tsv);
      McqScorer.Result r = new McqScorer(ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.CURRENT)))
          .score(ds, preds, tsv);
      JsonNode perRow = c.get("expected_per_row");
      assertThat(r.items()).hasSize(perRow.size());
      for (int i = 0; i < perRow.size(); i++) {
        JsonNode e = perRow.get(i);
        McqScorer.ScoredItem s = r.items().get(i);
        assertThat(s.item().index()).isEqualTo(e.get("index").asText());
        assertThat(s.prediction()).isEqualTo(e.get("prediction").asText());
        assertThat(s.hit()).as(s.item().index()).isEqualTo(e.get("hit").asInt());
        assertThat(s.log()).isEqualTo(e.get("log").asText());
      }
      AccTable acc = r.acc();
      List<String> cols = new ArrayList<>();
      c.get("expected_acc_columns").forEach(x -> cols.add(x.asText()));
      assertThat(acc.columns()).containsExactlyElementsOf(cols);
      for (JsonNode rec : c.get("expected_acc_records")) {
        Map<String, Object> row = acc.row(rec.get("split").asText()).orElseThrow();
        for (String col : cols.subList(1, cols.size())) {
          double got = (Double) row.get(col);
          if (rec.get(col).isNull()) {
            assertThat(got).as(col).isNaN();
          } else {
            assertThat(got).as(col).isCloseTo(rec.get(col).asDouble(), within(1e-12));
          }
        }
      }
      // The CSV file: same header and, keyed by split, the same quoted lines.
      DelimitedTable want = DelimitedTable.readCsv(dir.resolve(c.get("expected_acc_csv").asText()));
      Path mine = java.nio.file.Files.createTempFile("acc", ".csv");
      acc.writeCsv(mine);
      DelimitedTable got = DelimitedTable.readCsv(mine);
      assertThat(got.header()).containsExactlyElementsOf(want.header());
      Map<String, List<String>> wantRows = new HashMap<>();
      want.rows().forEach(x -> wantRows.put(x.cells().get(0), x.cells()));
      assertThat(got.rows()).hasSameSizeAs(want.rows());
      got.rows().forEach(x -> assertThat(x.cells()).isEqualTo(wantRows.get(x.cells().get(0))));
      List<String> wantLines = java.nio.file.Files.readAllLines(dir.resolve(c.get("expected_acc_csv").asText()));
      assertThat(java.nio.file.Files.readAllLines(mine)).containsExactlyInAnyOrderElementsOf(wantLines);
      java.nio.file.Files.delete(mine);
    }
  }
}
