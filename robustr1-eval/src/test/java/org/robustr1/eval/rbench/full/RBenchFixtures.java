package org.robustr1.eval.rbench.full;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Test fixtures in the layout of the published R-Bench {@code All.parquet} (as the {@code datasets}
 * library writes it: strings, int64 ids, images as structs {@code {bytes, path}}), with real small
 * JPEGs, and in the notebook's folder layout.
 */
public final class RBenchFixtures {

  /** The CAP question of the answer key (double quotes, unlike the inference prompt). */
  public static final String CAP_QUESTION = "Please describe this image in general. Directly provide the description,"
      + " do not include prefix like \"This image depicts\".";

  /**
   * One row.
   *
   * @param name image name
   * @param question question
   * @param choice options or N
   * @param answer letter, short answer or a list literal of captions
   * @param type MCQ, VQA, CAP
   * @param distortion 1..33
   * @param strength 1..3
   * @param ref reference JPEG bytes (null: missing)
   * @param dis distorted JPEG bytes (null: missing)
   */
  public record Row(String name, String question, String choice, String answer, String type, long distortion,
      long strength, byte[] ref, byte[] dis) {

    /** This row with another type. */
    public Row withType(String t) {
      return new Row(name, question, choice, answer, t, distortion, strength, ref, dis);
    }

    /** This row with other distorted-image bytes. */
    public Row withDis(byte[] d) {
      return new Row(name, question, choice, answer, type, distortion, strength, ref, d);
    }
  }

  private RBenchFixtures() {}

  /** A small JPEG: a coloured ground with a white box; {@code noisy} adds a stripe pattern. */
  public static byte[] jpeg(int w, int h, int seed, boolean noisy) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256));
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillRect(w / 4, h / 4, w / 2, h / 2);
    if (noisy) {
      g.setColor(Color.BLACK);
      for (int y = 0; y < h; y += 3) {
        g.drawLine(0, y, w, y + seed % 5);
      }
    }
    g.dispose();
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", bos);
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code perTask} items of each task (MCQ, VQA, CAP), strengths cycling 1, 2, 3 and distortions
   * spread over all steps and groups. Questions carry the item number, so every judge prompt is
   * unique per item. CAP items have 2 to 5 reference captions; one has a repeated caption.
   */
  public static List<Row> standard(int perTask) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < perTask; i++) {
      long strength = 1 + i % 3;
      rows.add(new Row("MMBench_" + i + ".jpg", "Q" + i + ": what is the colour of the box?",
          "A.red; B.green; C.blue; D.white" + (i % 5 == 4 ? "；E.black" : ""), String.valueOf("ABCD".charAt(i % 4)),
          "MCQ", 1 + (i * 7) % 33, strength, jpeg(40 + i % 4, 32, i, false), jpeg(40 + i % 4, 32, i, true)));
    }
    for (int i = 0; i < perTask; i++) {
      rows.add(new Row("OKVQA_" + i + ".jpg", "Q" + i + ": what shape is in the middle, \"roughly\"", "N",
          i % 2 == 0 ? "square" : "a white box", "VQA", 1 + (i * 11 + 3) % 33, 1 + (i + 1) % 3,
          jpeg(36, 36 + i % 3, 100 + i, false), jpeg(36, 36 + i % 3, 100 + i, true)));
    }
    for (int i = 0; i < perTask; i++) {
      int refs = 2 + i % 4;
      StringBuilder list = new StringBuilder("[");
      for (int r = 0; r < refs; r++) {
        String cap = i == 1 && r == 1 ? "Caption " + i + " ref 0, a box." : "Caption " + i + " ref " + r + ", a box.";
        list.append(r == 0 ? "" : ", ").append('\'').append(cap).append('\'');
      }
      list.append(']');
      rows.add(new Row("COCO_" + i + ".jpg", CAP_QUESTION, "N", list.toString(), "CAP", 1 + (i * 5 + 1) % 33,
          1 + (i + 2) % 3, jpeg(44, 30, 200 + i, false), jpeg(44, 30, 200 + i, true)));
    }
    return rows;
  }

  private static MessageType schema(Set<String> omit) {
    StringBuilder s = new StringBuilder("message schema {\n");
    for (String c : List.of("name", "question", "choice", "answer", "type")) {
      if (!omit.contains(c)) {
        s.append("  optional binary ").append(c).append(" (STRING);\n");
      }
    }
    for (String c : List.of("distortion", "strength")) {
      if (!omit.contains(c)) {
        s.append("  optional int64 ").append(c).append(";\n");
      }
    }
    for (String c : List.of("ref_image", "dis_image")) {
      if (!omit.contains(c)) {
        s.append("  optional group ").append(c).append(" {\n    optional binary bytes;\n    optional binary path (STRING);\n  }\n");
      }
    }
    return MessageTypeParser.parseMessageType(s.append("}").toString());
  }

  /** Writes {@code rows} as an R-Bench parquet with SNAPPY pages and row groups of {@code rowsPerGroup} rows. */
  public static Path writeParquet(Path file, List<Row> rows) throws IOException {
    return writeParquet(file, rows, Set.of(), CompressionCodecName.SNAPPY, 8);
  }

  /**
   * Writes {@code rows} as an R-Bench parquet.
   *
   * @param omit columns to leave out of the schema
   * @param codec page compression
   * @param rowsPerGroup rows per row group
   */
  public static Path writeParquet(Path file, List<Row> rows, Set<String> omit, CompressionCodecName codec, int rowsPerGroup)
      throws IOException {
    MessageType schema = schema(omit);
    Files.deleteIfExists(file);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
        .withConf(new org.apache.parquet.conf.PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE).withCompressionCodec(codec)
        .withRowGroupRowCountLimit(rowsPerGroup).build()) {
      SimpleGroupFactory f = new SimpleGroupFactory(schema);
      for (Row r : rows) {
        Group g = f.newGroup();
        put(g, omit, "name", r.name());
        put(g, omit, "question", r.question());
        put(g, omit, "choice", r.choice());
        put(g, omit, "answer", r.answer());
        put(g, omit, "type", r.type());
        if (!omit.contains("distortion")) {
          g.append("distortion", r.distortion());
        }
        if (!omit.contains("strength")) {
          g.append("strength", r.strength());
        }
        image(g, omit, "ref_image", r.ref(), r.name());
        image(g, omit, "dis_image", r.dis(), r.name());
        w.write(g);
      }
    }
    return file;
  }

  private static void put(Group g, Set<String> omit, String col, String v) {
    if (!omit.contains(col) && v != null) {
      g.append(col, v);
    }
  }

  private static void image(Group g, Set<String> omit, String col, byte[] bytes, String name) {
    if (omit.contains(col)) {
      return;
    }
    Group s = g.addGroup(col);
    if (bytes != null) {
      s.append("bytes", Binary.fromConstantByteArray(bytes));
    }
    s.append("path", name);
  }

  /** Writes {@code rows} in the notebook's layout: {@code dir/Ref_Release.csv} (UTF-8), {@code dir/ref/}, {@code dir/dis/}. */
  public static Path writeFolder(Path dir, List<Row> rows) throws IOException {
    Files.createDirectories(dir.resolve("ref"));
    Files.createDirectories(dir.resolve("dis"));
    StringBuilder csv = new StringBuilder("name,question,choice,answer,type,score,distortion,strength\n");
    int i = 0;
    for (Row r : rows) {
      csv.append(PandasCsv.cell(r.name())).append(',').append(PandasCsv.cell(r.question())).append(',')
          .append(PandasCsv.cell(r.choice())).append(',').append(PandasCsv.cell(r.answer())).append(',').append(r.type())
          .append(',').append(3.5 + (i++ % 4) / 8.0).append(',').append(r.distortion()).append(',').append(r.strength()).append('\n');
      if (r.ref() != null) {
        Files.write(dir.resolve("ref").resolve(r.name()), r.ref());
      }
      if (r.dis() != null) {
        Files.write(dir.resolve("dis").resolve(r.name()), r.dis());
      }
    }
    Files.writeString(dir.resolve("Ref_Release.csv"), csv);
    return dir;
  }
}
