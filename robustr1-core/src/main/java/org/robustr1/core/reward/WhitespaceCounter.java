package org.robustr1.core.reward;

import org.robustr1.core.chain.PythonText;

/** Counts maximal runs of non-whitespace characters. */
enum WhitespaceCounter implements TokenCounter {
  INSTANCE;

  @Override
  public int count(CharSequence text) {
    int n = 0;
    boolean in = false;
    for (int i = 0; i < text.length(); i++) {
      boolean sp = PythonText.isSpace(text.charAt(i));
      if (!sp && !in) {
        n++;
      }
      in = !sp;
    }
    return n;
  }

  @Override
  public String toString() {
    return "TokenCounter.whitespace()";
  }
}
