package org.robustr1.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustr1.core.chain.PythonText;
import org.robustr1.eval.rbench.RBenchFiles;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchRobustness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 rbench-score}: R-Bench absolute and relative robustness from already-scored
 * result files (the published {@code result/Result_{dis,ref,com}_*.csv}).
 */
@Command(
    name = "rbench-score",
    mixinStandardHelpOptions = true,
    description = {
      "R-Bench absolute (mean dis) and relative (mean com*ref) robustness by type, strength,",
      "type x strength, step, group and overall, from scored Result_*.csv files paired by row."
    })
public final class RbenchScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--answer-key", description = "Ref_Release.csv (GBK); checks the result files' rows against it")
  Path answerKey;

  @Option(names = "--ref", required = true, description = "scored reference-image results (Result_ref_*.csv)")
  Path ref;

  @Option(names = "--dis", required = true, description = "scored distorted-image results (Result_dis_*.csv)")
  Path dis;

  @Option(names = "--com", description = "scored consistency results (Result_com_*.csv); needed for relative")
  Path com;

  @Option(names = "--json", description = "print JSON {\"absolute\": ..., \"relative\": ...}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<RBenchFiles.Scored> disRows = RBenchFiles.readScored(dis);
    List<RBenchFiles.Scored> refRows = RBenchFiles.readScored(ref);
    RBenchRobustness.checkPaired("--ref", refRows, "--dis", disRows);
    if (answerKey != null) {
      List<RBenchItem> key = RBenchFiles.readAnswerKey(answerKey);
      RBenchRobustness.checkAgainstKey(key, "--dis", disRows);
    }
    RBenchRobustness.Buckets absolute = RBenchRobustness.absolute(disRows);
    RBenchRobustness.Buckets relative = null;
    if (com != null) {
      List<RBenchFiles.Scored> comRows = RBenchFiles.readScored(com);
      RBenchRobustness.checkPaired("--ref", refRows, "--com", comRows);
      relative = RBenchRobustness.relative(refRows, comRows);
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("absolute", absolute.toJsonMap());
      m.put("relative", relative == null ? null : relative.toJsonMap());
      out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      printTable(out, "Absolute robustness", absolute);
      if (relative != null) {
        printTable(out, "Relative robustness", relative);
      } else {
        out.println("(relative robustness needs --com)");
      }
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, String title, RBenchRobustness.Buckets b) {
    out.println(title);
    out.println("  overall  " + PythonText.formatFixed(b.overall(), 4));
    row(out, "type", b.type());
    row(out, "strength", b.strength());
    row(out, "type x strength", b.typeStrength());
    row(out, "step", b.step());
    row(out, "group", b.group());
  }

  private static void row(PrintWriter out, String label, Map<String, Double> m) {
    StringBuilder sb = new StringBuilder("  ").append(label).append(':');
    m.forEach((k, v) -> sb.append("  ").append(k).append('=').append(PythonText.formatFixed(v, 4)));
    out.println(sb);
  }
}
