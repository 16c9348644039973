package org.robustr1.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {

  @Test
  void withoutStopsEverythingIsReleasedAtOnce() {
    StopStrings s = new StopStrings(List.of());
    assertThat(s.offer("abc")).isEqualTo("abc");
    assertThat(s.offer("<")).isEqualTo("<");
    assertThat(s.flush()).isEmpty();
    assertThat(s.hit()).isFalse();
  }

  @Test
  void aPossibleStartOfAStopIsHeldBackUntilItCannotBeOne() {
    StopStrings s = new StopStrings(List.of("<END>", "\n\n"));
    assertThat(s.offer("so the answer <")).isEqualTo("so the answer ");
    assertThat(s.offer("E")).isEmpty();
    assertThat(s.offer("X")).isEqualTo("<EX");
    assertThat(s.offer(" done\n")).isEqualTo(" done");
    assertThat(s.offer("x")).isEqualTo("\nx");
    assertThat(s.flush()).isEmpty();
    assertThat(s.text()).isEqualTo("so the answer <EX done\nx");
  }

  @Test
  void theTextEndsBeforeTheEarliestStopEvenAcrossPieces() {
    StopStrings s = new StopStrings(List.of("<ANSWER_END>", "END"));
    assertThat(s.offer("<ANSWER>4<ANSWER_")).isEqualTo("<ANSWER>4");
    assertThat(s.offer("END> more")).isEmpty();
    assertThat(s.hit()).isTrue();
    assertThat(s.text()).isEqualTo("<ANSWER>4");
  }

  @Test
  void whatIsHeldBackComesOutAtTheEnd() {
    StopStrings s = new StopStrings(List.of("###"));
    assertThat(s.offer("a ##")).isEqualTo("a ");
    assertThat(s.flush()).isEqualTo("##");
    assertThat(s.text()).isEqualTo("a ##");
  }
}
