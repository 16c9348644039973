package org.robustr1.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PythonTextTest {

  /** The regex class and the predicate are the same rule, over every code point. */
  @Test
  void whitespaceClassMatchesIsSpaceEverywhere() {
    Pattern p = Pattern.compile(PythonText.WHITESPACE_CLASS);
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      boolean regex = p.matcher(new String(Character.toChars(cp))).matches();
      if (regex != PythonText.isSpace(cp)) {
        throw new AssertionError(String.format("U+%04X: regex %s, isSpace %s", cp, regex, PythonText.isSpace(cp)));
      }
    }
  }

  @Test
  void pythonSpacesAreNotJavas() {
    assertThat(PythonText.isSpace(0xA0)).isTrue();
    assertThat(PythonText.isSpace(0x1C)).isTrue();
    assertThat(PythonText.isSpace(0x85)).isTrue();
    assertThat(PythonText.isSpace(0x200B)).isFalse();
    assertThat(PythonText.isSpace(0xFEFF)).isFalse();
    assertThat(PythonText.split("\u00a0a\u2003b\u001fc ")).containsExactly("a", "b", "c");
    assertThat(PythonText.strip("\u0085 x\u3000")).isEqualTo("x");
  }
}
