package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.demo.TowerProbe;
import org.robustr1.tiny.RobustR1Tiny;

/** {@code robustr1 probe} runs the linear probe on the embedded model and names a missing folder. */
class ProbeCommandTest {

  @TempDir Path dir;

  @Test
  void probesTheEmbeddedTowerOnADemoStyleDataset() throws Exception {
    Path data = Files.createDirectories(dir.resolve("chain/images"));
    StringBuilder manifest = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 112; y++) {
        for (int x = 0; x < 112; x++) {
          img.setRGB(x, y, i % 2 == 0 ? 0x808080 : ((x + y) % 2 == 0 ? 0xFFFFFF : 0));
        }
      }
      ImageIO.write(img, "png", data.resolve("img" + i + ".png").toFile());
      if (i % 2 == 1) {
        manifest.append("{\"op\":\"gaussian_noise\",\"intensity\":0.5,\"outputFile\":\"images/img").append(i).append(".png\"}\n");
      }
    }
    Files.writeString(dir.resolve("chain/degradations.jsonl"), manifest, StandardCharsets.UTF_8);
    CliBehaviourTest.Run r = CliBehaviourTest.run("probe", "--model", RobustR1Tiny.checkpointDir().toString(), "--data",
        dir.resolve("chain").toString(), "--train", "10");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("mean+std ").contains("256 features, fit 10, scored 2").contains("gaussian_noise")
        .contains(TowerProbe.HALF).contains(TowerProbe.TUNED);
  }

  @Test
  void aMissingDataFolderIsOneLineAndExitTwo() {
    CliBehaviourTest.Run r = CliBehaviourTest.run("probe", "--model", RobustR1Tiny.checkpointDir().toString(), "--data",
        dir.resolve("none").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--data").contains("none");
  }
}
