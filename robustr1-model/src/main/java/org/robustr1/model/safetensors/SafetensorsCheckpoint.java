package org.robustr1.model.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The weights of a checkpoint directory, as Hugging Face loads them: the shards listed in {@code
 * model.safetensors.index.json} when that file exists, otherwise {@code model.safetensors} by name
 * (other {@code *.safetensors} files in the directory are ignored). A path to a single {@code
 * .safetensors} file opens just that file.
 */
public final class SafetensorsCheckpoint implements TensorSource {

  /** The single-file weights name. */
  public static final String SINGLE_FILE = "model.safetensors";

  /** The shard index name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final String source;
  private final ImmutableMap<String, SafetensorsFile> files;
  private final ImmutableSortedMap<String, SafetensorsFile> byTensor;

  private SafetensorsCheckpoint(
      String source,
      ImmutableMap<String, SafetensorsFile> files,
      ImmutableSortedMap<String, SafetensorsFile> byTensor) {
    this.source = source;
    this.files = files;
    this.byTensor = byTensor;
  }

  /**
   * Opens a checkpoint directory or a single {@code .safetensors} file.
   *
   * @throws NoSuchFileException when neither {@code model.safetensors.index.json} nor {@code
   *     model.safetensors} exists
   * @throws SafetensorsException when the index is malformed, names a missing shard, maps a tensor
   *     to a shard that lacks it, or a file is malformed
   */
  public static SafetensorsCheckpoint open(Path dirOrFile) throws IOException {
    if (Files.isRegularFile(dirOrFile)) {
      if (dirOrFile.getFileName().toString().endsWith(".json")) {
        return openIndex(dirOrFile);
      }
      SafetensorsFile f = SafetensorsFile.open(dirOrFile);
      ImmutableSortedMap.Builder<String, SafetensorsFile> b = ImmutableSortedMap.naturalOrder();
      for (String n : f.names()) {
        b.put(n, f);
      }
      return new SafetensorsCheckpoint(
          dirOrFile.toString(), ImmutableMap.of(dirOrFile.getFileName().toString(), f), b.build());
    }
    if (!Files.isDirectory(dirOrFile)) {
      throw new NoSuchFileException(dirOrFile.toString(), null, "checkpoint not found");
    }
    Path index = dirOrFile.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return openIndex(index);
    }
    Path single = dirOrFile.resolve(SINGLE_FILE);
    if (Files.isRegularFile(single)) {
      return open(single);
    }
    throw new NoSuchFileException(
        dirOrFile.toString(), null, "neither " + INDEX_FILE + " nor " + SINGLE_FILE + " found");
  }

  private static SafetensorsCheckpoint openIndex(Path index) throws IOException {
    String src = index.toString();
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(index, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(src + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsException(src + ": expected a JSON object");
    }
    JsonNode map = root.get("weight_map");
    if (map == null || !map.isObject()) {
      throw new SafetensorsException(src + ": missing weight_map object");
    }
    Map<String, String> weightMap = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!e.getValue().isTextual()) {
        throw new SafetensorsException(
            src + ": weight_map." + e.getKey() + " must be a shard file name, got " + e.getValue());
      }
      String shard = e.getValue().textValue();
      if (shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
        throw new SafetensorsException(src + ": weight_map." + e.getKey() + " names a path outside the directory: " + shard);
      }
      weightMap.put(e.getKey(), shard);
    }
    Path dir = index.toAbsolutePath().getParent();
    Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
    try {
      for (String shard : new java.util.TreeSet<>(weightMap.values())) {
        Path p = dir.resolve(shard);
        if (!Files.isRegularFile(p)) {
          throw new SafetensorsException(
              src + ": shard " + shard + " is listed in the weight_map but missing from " + dir);
        }
        opened.put(shard, SafetensorsFile.open(p));
      }
      ImmutableSortedMap.Builder<String, SafetensorsFile> b = ImmutableSortedMap.naturalOrder();
      for (Map.Entry<String, String> e : weightMap.entrySet()) {
        SafetensorsFile f = opened.get(e.getValue());
        if (!f.contains(e.getKey())) {
          throw new SafetensorsException(
              src + ": weight_map puts tensor " + e.getKey() + " in " + e.getValue()
                  + ", which has no such tensor");
        }
        b.put(e.getKey(), f);
      }
      return new SafetensorsCheckpoint(src, ImmutableMap.copyOf(opened), b.build());
    } catch (IOException | RuntimeException e) {
      opened.values().forEach(SafetensorsFile::close);
      throw e;
    }
  }

  /** The open files, by file name. */
  public ImmutableMap<String, SafetensorsFile> files() {
    return files;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public SortedSet<String> names() {
    return byTensor.keySet();
  }

  @Override
  public Optional<TensorInfo> find(String name) {
    SafetensorsFile f = byTensor.get(name);
    return f == null ? Optional.empty() : f.find(name);
  }

  private SafetensorsFile fileOf(String name) {
    SafetensorsFile f = byTensor.get(name);
    if (f == null) {
      throw new IllegalArgumentException(source + ": no tensor named " + name);
    }
    return f;
  }

  @Override
  public float[] floats(String name) {
    return fileOf(name).floats(name);
  }

  @Override
  public void readFloats(String name, long fromElement, float[] dst, int dstOffset, int count) {
    fileOf(name).readFloats(name, fromElement, dst, dstOffset, count);
  }

  @Override
  public ByteBuffer float32Bytes(String name) {
    return fileOf(name).float32Bytes(name);
  }

  @Override
  public long[] longs(String name) {
    return fileOf(name).longs(name);
  }

  @Override
  public ByteBuffer rawBytes(String name) {
    return fileOf(name).rawBytes(name);
  }

  @Override
  public void close() {
    files.values().forEach(SafetensorsFile::close);
  }

  @Override
  public String toString() {
    return "SafetensorsCheckpoint[" + source + ", " + files.size() + " file(s), " + byTensor.size() + " tensors]";
  }
}
