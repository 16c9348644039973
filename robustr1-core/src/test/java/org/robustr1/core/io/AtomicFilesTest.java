package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesWholeFilesCreatingParentsAndReplacingOldOnes() throws IOException {
    Path f = dir.resolve("a/b/c.txt");
    AtomicFiles.writeString(f, "one");
    AtomicFiles.writeString(f, "two");
    assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("two");
    assertThat(siblings(f.getParent())).containsExactly("c.txt");
  }

  @Test
  void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("weights.bin");
    AtomicFiles.write(f, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> AtomicFiles.write(f, tmp -> {
      Files.write(tmp, new byte[] {9});
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readAllBytes(f)).containsExactly(1, 2, 3);
    assertThat(siblings(dir)).containsExactly("weights.bin");
  }

  @Test
  void movesAFolderIntoPlace() throws IOException {
    Path tmp = dir.resolve(".checkpoint-3.tmp");
    AtomicFiles.writeString(tmp.resolve("state.json"), "{}");
    Path target = dir.resolve("checkpoint-3");
    AtomicFiles.moveIntoPlace(tmp, target);
    assertThat(target.resolve("state.json")).hasContent("{}");
    assertThat(tmp).doesNotExist();
  }

  private static java.util.List<String> siblings(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
