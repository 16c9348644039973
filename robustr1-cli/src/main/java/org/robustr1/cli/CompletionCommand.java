package org.robustr1.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code robustr1 completion}: prints the bash (and zsh) completion script of every command and option. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script for robustr1. Load it for this shell with",
      "  source <(robustr1 completion)",
      "or save it, e.g. robustr1 completion > /etc/bash_completion.d/robustr1"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    o.print(AutoComplete.bash("robustr1", spec.root().commandLine()));
    o.flush();
    return 0;
  }
}
