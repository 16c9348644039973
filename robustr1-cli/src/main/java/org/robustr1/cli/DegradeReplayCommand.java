package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.degrade.replay.Replayer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1 degrade replay}: applies recorded parameters (golden cases or manifests). */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay recorded degradation cases: each FILE is a case .json (golden fixture schema) or a",
      ".jsonl manifest. Inputs and .npy noise fields are read under --root, outputs are written to",
      "--out/<outputFile>; a case naming a path outside them (absolute, '..', a symbolic link out)",
      "is refused. Exit code 1 if any case failed (each is reported with its path)."
    })
public final class DegradeReplayCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--cases", arity = "1..*", required = true, paramLabel = "FILE", description = "case .json or .jsonl files")
  List<Path> cases;

  @Option(names = "--root", required = true, paramLabel = "DIR", description = "folder the inputFile and noiseFile paths are relative to")
  Path root;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<DegradationCase> all = new ArrayList<>();
    List<FileFailure> failures = new ArrayList<>();
    Replayer replayer = new Replayer(root);
    for (Path f : cases) {
      try {
        for (CaseFiles.Located c : CaseFiles.readLocated(f)) {
          try {
            replayer.inputPath(c.value());
            Replayer.outputPath(c.value(), out);
            all.add(c.value());
          } catch (IllegalArgumentException e) {
            failures.add(new FileFailure(f, "case " + c.location() + " refused: " + e.getMessage()));
          }
        }
      } catch (Exception e) {
        failures.add(FileFailure.of(f, e));
      }
    }
    long t0 = System.nanoTime();
    Replayer.Report r = replayer.replayAll(all, out);
    failures.addAll(r.failures());
    double s = (System.nanoTime() - t0) / 1e9;
    for (FileFailure f : failures) {
      err.println("FAILED " + f);
    }
    o.printf("replayed %d of %d cases into %s in %.1f s%n", r.written(), all.size(), out, s);
    o.flush();
    err.flush();
    return failures.isEmpty() ? 0 : 1;
  }
}
