package org.robustr1.degrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.robustr1.testing.SharedData;

/**
 * Locates the golden Robust-R1 fixture folder: the system property {@code robustr1.golden.rr1}
 * (e.g. the hold-out twin) or {@code shared/golden/degrade-robust-r1}.
 */
public final class GoldenCases {
  private GoldenCases() {}

  /** The fixture folder, if present. */
  public static Optional<Path> folder() {
    String prop = System.getProperty("robustr1.golden.rr1");
    if (prop != null && Files.isDirectory(Paths.get(prop))) {
      return Optional.of(Paths.get(prop));
    }
    return SharedData.resolve("golden/degrade-robust-r1");
  }

  /** The case files ({@code <op>/*.json}), sorted. */
  public static List<Path> caseFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder, 2)) {
      return s.filter(p -> p.getNameCount() - folder.getNameCount() == 2)
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getParent().getFileName().toString().equals("reports"))
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
