package org.robustr1.spark.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Listing inputs and writing outputs through Hadoop's {@link FileSystem}, so a job reads and writes
 * local folders, HDFS or object stores alike. Writes are idempotent and whole: a file is written
 * under a unique temporary name beside its target and renamed over it, so a retried or speculative
 * task attempt leaves either the complete file or the previous one, never a mix.
 */
public final class HadoopFiles {

  private HadoopFiles() {}

  /**
   * One input file.
   *
   * @param id its path relative to the listed folder, {@code /}-separated
   * @param path its fully qualified path
   * @param length its size in bytes
   */
  public record Listed(String id, String path, long length) {}

  /**
   * The files of {@code dir} whose relative path passes {@code accept}, sorted by relative path:
   * directly inside it, or in every sub-folder with {@code recursive}. Hidden entries (a name
   * starting with {@code .} or {@code _}) are skipped when recursing, as Spark's own listing does.
   *
   * @throws IllegalArgumentException if {@code dir} is not a folder
   */
  public static List<Listed> list(String dir, boolean recursive, Predicate<String> accept, Configuration conf)
      throws IOException {
    Path root = new Path(requireNonNull(dir, "dir"));
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
      throw new IllegalArgumentException("input folder " + dir + " does not exist or is not a folder");
    }
    List<Listed> out = new ArrayList<>();
    walk(fs, fs.makeQualified(root), "", recursive, accept, out);
    out.sort(Comparator.comparing(Listed::id));
    return out;
  }

  private static void walk(FileSystem fs, Path dir, String prefix, boolean recursive, Predicate<String> accept,
      List<Listed> out) throws IOException {
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (st.isDirectory()) {
        if (recursive && !name.startsWith(".") && !name.startsWith("_")) {
          walk(fs, st.getPath(), prefix + name + "/", true, accept, out);
        }
      } else if (accept.test(prefix + name)) {
        out.add(new Listed(prefix + name, st.getPath().toString(), st.getLen()));
      }
    }
  }

  /** Reads a whole file. */
  public static byte[] read(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    long len = fs.getFileStatus(p).getLen();
    if (len > Integer.MAX_VALUE - 16) {
      throw new IOException(path + " is too large to read into memory (" + len + " bytes)");
    }
    byte[] b = new byte[(int) len];
    try (var in = fs.open(p)) {
      in.readFully(0, b);
    }
    return b;
  }

  /** Writes {@code bytes} to {@code dir/relative} whole (temporary sibling, then rename). */
  public static void write(String dir, String relative, byte[] bytes, Configuration conf) throws IOException {
    Path target = new Path(new Path(dir), relative);
    FileSystem fs = raw(target.getFileSystem(conf));
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(bytes);
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      fs.delete(tmp, false);
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /**
   * The file system without Hadoop's client-side checksums: the local file system would otherwise
   * write a {@code .NAME.crc} beside every output, which the one-machine commands do not.
   */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /** Deletes {@code path} recursively if it exists. */
  public static void deleteRecursively(String path, Configuration conf) {
    Path p = new Path(path);
    try {
      p.getFileSystem(conf).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  /** Whether {@code path} exists. */
  public static boolean exists(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).exists(p);
  }
}
