package org.robustr1.tiny;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.core.io.AtomicFiles;

/**
 * {@code robustr1-tiny}, the pretrained embedded Qwen2.5-VL: a Hugging Face checkpoint folder
 * (config, half-precision safetensors, the embedded word-level tokenizer, chat template,
 * preprocessor and generation configs, and {@code provenance.json} naming the recipe, the commit
 * and the loss curve) shipped as resources of this jar. It is the stand-in for the pretrained
 * Qwen2.5-VL that Robust-R1 starts from: trained by {@code robustr1 pretrain} on procedural scenes
 * and text tasks, with nothing of the chain format and no degradation.
 *
 * <p>{@link #extract} copies the files into a folder and checks each against the SHA-256 sums
 * shipped beside them ({@value #SUMS}); a missing or altered file is an {@link
 * IllegalStateException} naming it. {@link #load()} does both and loads the model (weights widened
 * to float32, vision tower and merger frozen).
 */
public final class RobustR1Tiny {

  /** The model's name, as written in reports. */
  public static final String NAME = "robustr1-tiny";

  /** The checksum file among the resources: {@code <sha256>  <file>} per line. */
  public static final String SUMS = "SHA256SUMS";

  private static final String ROOT = "/org/robustr1/tiny/checkpoint/";

  private RobustR1Tiny() {}

  /** The files of the checkpoint and their SHA-256 sums, in the order of {@value #SUMS}. */
  public static Map<String, String> checksums() {
    return checksums(RobustR1Tiny::read);
  }

  static Map<String, String> checksums(Function<String, byte[]> resources) {
    String text = new String(resources.apply(SUMS), StandardCharsets.UTF_8);
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+", 2);
      if (parts.length != 2 || parts[0].length() != 64) {
        throw new IllegalStateException(NAME + ": malformed line in " + SUMS + ": '" + line + "'");
      }
      out.put(parts[1], parts[0]);
    }
    return out;
  }

  /**
   * Writes the checkpoint files into {@code dir} (created if missing), each checked against its
   * SHA-256 sum; files already there with the right sum are kept.
   *
   * @return {@code dir}
   * @throws IllegalStateException naming the file when a resource is missing or its sum differs
   */
  public static Path extract(Path dir) {
    return extract(dir, RobustR1Tiny::read);
  }

  /** {@link #extract(Path)} from the resources {@code resources} returns by file name (tests). */
  static Path extract(Path dir, Function<String, byte[]> resources) {
    checkNotNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : checksums(resources).entrySet()) {
        Path target = dir.resolve(e.getKey());
        if (Files.isRegularFile(target) && sha256(Files.readAllBytes(target)).equals(e.getValue())) {
          continue;
        }
        byte[] bytes = resources.apply(e.getKey());
        String sum = sha256(bytes);
        if (!sum.equals(e.getValue())) {
          throw new IllegalStateException(NAME + ": resource " + e.getKey() + " is corrupt (SHA-256 " + sum
              + ", expected " + e.getValue() + "); rebuild robustr1-tiny or restore the file from the repository");
        }
        AtomicFiles.write(target, bytes);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + NAME + " checkpoint into " + dir, e);
    }
  }

  /**
   * The checkpoint in a folder of the user's temporary directory named by the weights' checksum,
   * extracted on first use.
   */
  public static Path checkpointDir() {
    String weights = checksums().getOrDefault("model.safetensors", "none");
    return extract(Path.of(System.getProperty("java.io.tmpdir"), NAME + "-" + weights.substring(0, Math.min(12, weights.length()))));
  }

  /** Loads the model from {@link #checkpointDir()}. */
  public static Qwen25VlModel load() throws IOException {
    return Qwen25VlModel.load(checkpointDir());
  }

  private static byte[] read(String file) {
    try (InputStream in = RobustR1Tiny.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException(NAME + ": resource " + ROOT + file + " is missing from the classpath;"
            + " add the robustr1-tiny jar (or run 'robustr1 pretrain' and install its output)");
      }
      return ByteStreams.toByteArray(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + ROOT + file, e);
    }
  }

  private static String sha256(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }
}
