package org.robustr1.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error that keeps progress bars whole: a bar redraws its line after a carriage return
 * and never ends it, so a log line written meanwhile would be glued to the bar. This stream blanks
 * the bar's line first; the bar draws itself again below the log line on its next refresh.
 */
final class ConsoleStream extends FilterOutputStream {

  private boolean barOnLine;
  private int lineLength;

  private ConsoleStream(OutputStream out) {
    super(out);
  }

  /** A print stream over {@code err} (autoflush, UTF-8). */
  static PrintStream over(PrintStream err) {
    return new PrintStream(new ConsoleStream(err), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (len <= 0) {
      return;
    }
    if (barOnLine && lineLength > 0 && b[off] != '\r' && b[off] != '\n') {
      out.write('\r');
      out.write(" ".repeat(lineLength).getBytes(StandardCharsets.US_ASCII));
      out.write('\r');
      barOnLine = false;
      lineLength = 0;
    }
    out.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        barOnLine = false;
        lineLength = 0;
      } else if (b[i] == '\r') {
        barOnLine = true;
        lineLength = 0;
      } else {
        lineLength++;
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }
}
