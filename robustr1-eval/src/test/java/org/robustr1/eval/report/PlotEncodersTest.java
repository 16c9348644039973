package org.robustr1.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plots still render with xchart's PDF encoder (pdfbox, which put junit on the compile class
 * path) excluded: PNG through AWT, SVG through VectorGraphics2D.
 */
class PlotEncodersTest {

  @TempDir Path dir;

  @Test
  void writesPngAndSvg() throws Exception {
    EvalReport report = EvalReport.of("m", "MMStar", Map.of(), Map.of(), 1L);
    Path png = dir.resolve("plot.png");
    Path svg = dir.resolve("plot.svg");
    report.writePlot(png);
    report.writePlot(svg);
    byte[] head = Files.readAllBytes(png);
    assertThat(head).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("<svg").contains("<path");
  }
}
