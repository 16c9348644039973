package org.robustr1.train.checkpoint;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.safetensors.SafetensorsFile;
import org.robustr1.model.safetensors.SafetensorsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and finds {@code checkpoint-N/} folders under a run's output folder.
 *
 * <p>A checkpoint is written into a temporary sibling folder, synced, and renamed into place; its
 * {@code trainer_state.json} is written last, so a folder without it is never taken for a
 * checkpoint. Layout: {@code model/} (the policy's own format: HF safetensors + config for
 * Qwen2.5-VL), {@code optimizer.safetensors} (AdamW moments, float32), {@code run_config.json}
 * ({@link RunConfig}), {@code trainer_state.json}.
 */
public final class Checkpointer {

  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  /** The trainer-state file name. */
  public static final String STATE_FILE = "trainer_state.json";
  /** The optimizer-state file name. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";
  /** The model sub-folder. */
  public static final String MODEL_DIR = "model";

  private final Path outDir;

  /** Checkpoints under {@code outDir}. */
  public Checkpointer(Path outDir) {
    this.outDir = requireNonNull(outDir, "outDir");
  }

  /** Writes the model and optimizer state of a checkpoint into a folder. */
  @FunctionalInterface
  public interface Contents {
    /** Writes everything except the trainer state into {@code dir}. */
    void write(Path dir) throws IOException;
  }

  /**
   * Writes {@code checkpoint-<step>} atomically and returns its path. An existing checkpoint of
   * the same step is replaced.
   */
  public Path save(TrainerState state, Contents contents) {
    Path target = outDir.resolve("checkpoint-" + state.step());
    Path tmp = outDir.resolve(".checkpoint-" + state.step() + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      contents.write(tmp);
      Path stateFile = tmp.resolve(STATE_FILE);
      try (OutputStream os = Files.newOutputStream(stateFile)) {
        JSON.writeValue(os, state);
      }
      syncTree(tmp);
      if (Files.exists(target)) {
        deleteTree(target);
      }
      AtomicFiles.moveIntoPlace(tmp, target);
      LOG.info("saved {}", target);
      return target;
    } catch (IOException e) {
      try {
        deleteTree(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /** The complete checkpoint with the highest step, if any; stale temporary folders are removed. */
  public Optional<Path> latest() {
    if (!Files.isDirectory(outDir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(outDir)) {
      Path best = null;
      int bestStep = -1;
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".checkpoint-") && name.contains(".tmp-")) {
          deleteTree(p);
          continue;
        }
        Matcher m = NAME.matcher(name);
        if (m.matches() && Files.isRegularFile(p.resolve(STATE_FILE))) {
          int step = Integer.parseInt(m.group(1));
          if (step > bestStep) {
            bestStep = step;
            best = p;
          }
        }
      }
      return Optional.ofNullable(best);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + outDir, e);
    }
  }

  /** Deletes every complete checkpoint but the {@code keep} with the highest steps. */
  public void pruneAllBut(int keep) {
    if (!Files.isDirectory(outDir)) {
      return;
    }
    try (Stream<Path> s = Files.list(outDir)) {
      List<Path> old =
          s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(STATE_FILE)))
              .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString().substring(11))).reversed())
              .skip(Math.max(0, keep))
              .toList();
      for (Path p : old) {
        deleteTree(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune old checkpoints in " + outDir, e);
    }
  }

  /**
   * The checkpoint a {@code --resume} value selects: {@code off} → none, {@code auto} → the latest
   * complete one under the output folder (none if there is none), otherwise the given folder,
   * which must be a complete checkpoint.
   *
   * @throws IllegalArgumentException naming the folder when a given path is not a checkpoint
   */
  public Optional<Path> resolveResume(String resume) {
    return resolveResume(Resume.parse(resume == null ? "off" : resume));
  }

  /**
   * The checkpoint a {@link Resume} selects (see {@link #resolveResume(String)}).
   *
   * @throws IllegalArgumentException naming the folder when a given path is not a checkpoint
   */
  public Optional<Path> resolveResume(Resume resume) {
    return switch (resume.mode()) {
      case OFF -> Optional.empty();
      case AUTO -> latest();
      case FROM -> {
        Path p = resume.checkpoint();
        if (!Files.isRegularFile(p.resolve(STATE_FILE))) {
          throw new IllegalArgumentException(
              "--resume " + p + " is not a complete checkpoint folder (no " + STATE_FILE + "); use auto, off or a checkpoint-N folder");
        }
        yield Optional.of(p);
      }
    };
  }

  /** Reads the trainer state of a checkpoint. */
  public static TrainerState readState(Path checkpoint) {
    try (InputStream is = Files.newInputStream(checkpoint.resolve(STATE_FILE))) {
      return JSON.readValue(is, TrainerState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE_FILE), e);
    }
  }

  /**
   * Writes float32 tensors by name (optimizer state) as one safetensors file with model-io's
   * {@link SafetensorsWriter}; each tensor is copied to the heap only while it is written.
   */
  public static void writeTensors(Path file, Map<String, NDArray> tensors) throws IOException {
    SafetensorsWriter writer = new SafetensorsWriter();
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      writer.putFloats(e.getKey(), a.getShape().getShape(), a::toFloatArray, DType.F32);
    }
    writer.write(file);
  }

  /**
   * Reads the tensors written by {@link #writeTensors} as float32 values by name; an absent file
   * reads as no tensors (a checkpoint written before the first optimizer update).
   */
  public static Map<String, float[]> readTensors(Path file) throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      for (String name : st.names()) {
        out.put(name, st.floats(name));
      }
    }
    return out;
  }

  private static void syncTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
          }
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
