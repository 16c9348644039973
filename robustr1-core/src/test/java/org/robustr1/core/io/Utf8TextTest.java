package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8TextTest {

  @TempDir Path dir;

  @Test
  void aLatin1LineIsNamedByNumberAndTheFix() throws Exception {
    Path f = dir.resolve("rows.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append("{\"a\": ").append(i).append("}\n");
    }
    sb.append("{\"a\": \"caf\u00e9\"}\n");
    Files.write(f, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> JsonLines.read(f, (line, where) -> line))
        .hasMessage(f + ": not UTF-8 at line 3001 (byte 0xE9 at offset "
            + sb.toString().indexOf('\u00e9') + "); re-save it as UTF-8");
  }

  @Test
  void aByteOrderMarkIsDropped() throws Exception {
    Path f = dir.resolve("bom.jsonl");
    Files.write(f, ("\uFEFF{\"a\": 1}\n").getBytes(StandardCharsets.UTF_8));
    assertThat(JsonLines.read(f, (line, where) -> line)).containsExactly("{\"a\": 1}");
    assertThat(Utf8Text.stripBom("\uFEFFx")).isEqualTo("x");
    assertThat(Utf8Text.stripBom("x")).isEqualTo("x");
    assertThat(List.of(Utf8Text.stripBom(""))).containsExactly("");
  }
}
