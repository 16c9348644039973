package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleStreamTest {

  @Test
  void aLogLineBlanksTheBarItInterruptsAndTheBarRedrawsBelow() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = ConsoleStream.over(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    err.print("\reval  40% [====      ] 4/10");
    err.println("WARN skipping row 5");
    err.print("\reval  50% [=====     ] 5/10");
    err.println();
    err.println("done");
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    // the warning starts on a blanked line, not glued to the bar
    assertThat(lines[0]).endsWith("\r" + " ".repeat("eval  40% [====      ] 4/10".length()) + "\rWARN skipping row 5");
    assertThat(lines[1]).isEqualTo("\reval  50% [=====     ] 5/10");
    assertThat(lines[2]).isEqualTo("done");
  }
}
