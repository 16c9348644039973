package org.robustr1.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncrementalDecoderTest {

  /** A byte-level vocabulary: "é" is two tokens, one UTF-8 byte each; id 9 is a special token. */
  private static final Map<Integer, byte[]> BYTES = Map.of(
      1, "Ca".getBytes(StandardCharsets.UTF_8), 2, "f".getBytes(StandardCharsets.UTF_8),
      3, new byte[] {(byte) 0xC3}, 4, new byte[] {(byte) 0xA9}, 5, " au lait".getBytes(StandardCharsets.UTF_8),
      9, new byte[0]);

  private static String decode(int[] ids) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int id : ids) {
      out.writeBytes(BYTES.get(id));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void emitsWhatEachTokenAddsAndWaitsForAWholeCharacter() {
    IncrementalDecoder d = new IncrementalDecoder(IncrementalDecoderTest::decode);
    StringBuilder sb = new StringBuilder();
    int[] ids = {1, 2, 3, 4, 9, 5};
    String[] expected = {"Ca", "f", "", "é", "", " au lait"};
    for (int i = 0; i < ids.length; i++) {
      String delta = d.add(ids[i]);
      assertThat(delta).as("token %s", i).isEqualTo(expected[i]);
      sb.append(delta);
    }
    assertThat(sb.toString()).isEqualTo(decode(ids));
  }

  @Test
  void aWordLevelDecoderThatJoinsWithSpacesKeepsTheSpaces() {
    String[] words = {"", "the", "house", "is", "red"};
    IncrementalDecoder d = new IncrementalDecoder(ids -> {
      StringBuilder sb = new StringBuilder();
      for (int id : ids) {
        sb.append(sb.length() == 0 ? "" : " ").append(words[id]);
      }
      return sb.toString();
    });
    StringBuilder sb = new StringBuilder();
    for (int id : new int[] {1, 2, 3, 4}) {
      sb.append(d.add(id));
    }
    assertThat(sb.toString()).isEqualTo("the house is red");
  }
}
