package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainedPathsTest {

  @TempDir Path dir;

  @Test
  void relativePathsInsideTheRootResolveEverythingElseIsRefusedWithTheReason() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/sub"));
    root = root.getParent();
    assertThat(ContainedPaths.resolve(root, "sub/a.png")).isEqualTo(root.resolve("sub/a.png"));
    assertThat(ContainedPaths.resolve(root, "./new/out.png")).isEqualTo(root.resolve("new/out.png"));
    Path r = root;
    assertThatThrownBy(() -> ContainedPaths.resolve(r, " ")).hasMessage("path is empty");
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "../x.png")).hasMessageContaining("contains '..'");
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "sub\\\\..\\\\..\\\\x.png")).hasMessageContaining("contains '..'");
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "/etc/passwd")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "C:\\\\x.png")).hasMessageContaining("is absolute");
    Files.createSymbolicLink(root.resolve("out"), dir);
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "out/new.png"))
        .hasMessageContaining("through a symbolic link");
    Files.createSymbolicLink(root.resolve("dangling.png"), dir.resolve("nowhere.png"));
    assertThatThrownBy(() -> ContainedPaths.resolve(r, "dangling.png")).hasMessageContaining("broken symbolic link");
  }
}
