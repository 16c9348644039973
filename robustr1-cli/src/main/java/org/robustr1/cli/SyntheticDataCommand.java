package org.robustr1.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustr1.train.synthetic.SyntheticDegradationData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustr1 synthetic-data}: the two tiny degraded-image sets of the SFT-then-GRPO learning
 * check ({@link SyntheticDegradationData}): {@code sft/} (every image once per label) and {@code
 * grpo/} (motion-blurred images with their true labels).
 */
@Command(
    name = "synthetic-data",
    mixinStandardHelpOptions = true,
    description = {
      "Write two tiny synthetic degraded-image sets in the Robust-R1 train.jsonl layout:",
      "  OUT/sft/train.jsonl   each image (motion blur or gaussian noise at 0.9 or 0.23) once with each of the 4 labels:",
      "                        SFT learns the chain format but not which label an image has",
      "  OUT/grpo/train.jsonl  motion-blurred images (0.9, 0.23) with their true labels: only the reward teaches them",
      "Images lie beside each train.jsonl (pass the folder as --images). Train with --prompt-style RAW."
    })
public final class SyntheticDataCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--sft-images", defaultValue = "4", description = "images of the SFT set, 4 rows each (default ${DEFAULT-VALUE})")
  int sftImages;

  @Option(names = "--grpo-rows", defaultValue = "2", description = "rows of the GRPO set (default ${DEFAULT-VALUE})")
  int grpoRows;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the images (default ${DEFAULT-VALUE}; the GRPO set uses seed + 1)")
  long seed;

  @Override
  public Integer call() throws Exception {
    Path sft = SyntheticDegradationData.writeAmbiguous(out.resolve("sft"), sftImages, seed);
    Path grpo =
        SyntheticDegradationData.writeLabelled(
            out.resolve("grpo"),
            List.of(SyntheticDegradationData.LABELS.get(0), SyntheticDegradationData.LABELS.get(2)),
            grpoRows,
            seed + 1);
    System.out.printf("SFT set: %s (%d rows)%nGRPO set: %s (%d rows)%n", sft, sftImages * SyntheticDegradationData.LABELS.size(), grpo,
        grpoRows);
    return 0;
  }
}
