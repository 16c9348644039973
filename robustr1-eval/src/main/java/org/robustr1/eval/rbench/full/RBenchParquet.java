package org.robustr1.eval.rbench.full;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.robustr1.core.chain.PythonText;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.rbench.RBenchItem;

/**
 * Reads R-Bench's {@code All.parquet} with parquet-java: the text columns in one pass over every
 * row group, the image columns ({@code ref_image.bytes}, {@code dis_image.bytes}; a plain binary
 * column is accepted too) later, one row group at a time and only for the row groups that hold
 * wanted rows, so memory stays at one row group's images.
 */
final class RBenchParquet {

  private static final List<String> IMAGE_COLUMNS = List.of("ref_image", "dis_image");

  private RBenchParquet() {}

  static RBenchData read(Path file, BadInputPolicy policy) {
    List<RBenchItem> items = new ArrayList<>();
    Map<Integer, String> scores = new LinkedHashMap<>();
    List<Skipped> skipped = new ArrayList<>();
    try (ParquetFileReader r = open(file)) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      checkColumns(file, schema);
      List<Type> text = new ArrayList<>();
      for (String c : RBenchData.COLUMNS) {
        text.add(schema.getType(c));
      }
      boolean hasScore = schema.containsField("score") && schema.getType("score").isPrimitive();
      if (hasScore) {
        text.add(schema.getType("score"));
      }
      MessageType projection = new MessageType(schema.getName(), text);
      r.setRequestedSchema(projection);
      int row = 0;
      PageReadStore pages;
      while ((pages = r.readNextRowGroup()) != null) {
        RecordReader<Group> rr = records(projection, pages);
        for (long i = 0; i < pages.getRowCount(); i++) {
          row++;
          Group g = rr.read();
          int rowNo = row;
          try {
            RBenchItem item = RBenchData.item(file, rowNo, c -> cell(file, rowNo, g, c));
            items.add(item);
            if (hasScore) {
              String s = cell(file, rowNo, g, "score");
              scores.put(rowNo, s == null ? "" : s);
            }
          } catch (DataFormatException e) {
            RBenchData.onBadRow(e, policy, skipped, cellOrNull(g, "name"));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
    return new RBenchData(file, items, scores, skipped, (wanted, consumer) -> images(file, wanted, consumer));
  }

  private static void images(Path file, List<RBenchItem> wanted, RBenchData.ImagePairConsumer consumer)
      throws IOException {
    Map<Integer, RBenchItem> byRow = new LinkedHashMap<>();
    wanted.forEach(i -> byRow.put(i.row(), i));
    Set<Integer> rows = byRow.keySet();
    try (ParquetFileReader r = parquet(file, () -> open(file))) {
      MessageType schema = r.getFooter().getFileMetaData().getSchema();
      List<Type> fields = new ArrayList<>();
      for (String c : IMAGE_COLUMNS) {
        Type t = schema.getType(c);
        fields.add(t.isPrimitive() ? t : new GroupType(t.getRepetition(), t.getName(), t.asGroupType().getType("bytes")));
      }
      MessageType projection = new MessageType(schema.getName(), fields);
      r.setRequestedSchema(projection);
      int first = 1;
      for (var block : r.getRowGroups()) {
        int last = first + (int) block.getRowCount() - 1;
        boolean any = false;
        for (int x = first; x <= last && !any; x++) {
          any = rows.contains(x);
        }
        if (!any) {
          parquet(file, r::skipNextRowGroup);
          first = last + 1;
          continue;
        }
        PageReadStore pages = parquet(file, r::readNextRowGroup);
        RecordReader<Group> rr = parquet(file, () -> records(projection, pages));
        for (int x = first; x <= last; x++) {
          Group g = parquet(file, rr::read);
          RBenchItem item = byRow.get(x);
          if (item != null) {
            // the consumer runs the model: its exceptions pass through unchanged
            consumer.accept(new RBenchData.ImagePair(item, bytes(g, "ref_image"), bytes(g, "dis_image"),
                fieldName(schema, "ref_image"), fieldName(schema, "dis_image")));
          }
        }
        first = last + 1;
      }
    }
  }

  /** A step of reading the parquet file. */
  @FunctionalInterface
  private interface ParquetStep<T> {
    T get() throws IOException;
  }

  /** Runs a reading step; parquet-java's errors (bad pages, unsupported codecs) become one line naming the file. */
  private static <T> T parquet(Path file, ParquetStep<T> step) {
    try {
      return step.get();
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
  }

  private static ParquetFileReader open(Path file) throws IOException {
    ParquetReadOptions opts = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(ParquetCodecs.INSTANCE).build();
    return ParquetFileReader.open(new LocalInputFile(file), opts);
  }

  private static RecordReader<Group> records(MessageType projection, PageReadStore pages) {
    return new ColumnIOFactory().getColumnIO(projection).getRecordReader(pages, new GroupRecordConverter(projection));
  }

  private static DataFormatException wrap(Path file, Exception e) {
    if (e instanceof DataFormatException d) {
      return d;
    }
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      msg = u.getCause().getMessage();
    }
    return new DataFormatException(file, 0, "cannot read as Parquet: " + msg.lines().findFirst().orElse(msg), e);
  }

  private static void checkColumns(Path file, MessageType schema) {
    List<String> present = new ArrayList<>();
    schema.getFields().forEach(f -> present.add(f.getName()));
    List<String> need = new ArrayList<>(RBenchData.COLUMNS);
    need.addAll(IMAGE_COLUMNS);
    for (String c : need) {
      if (!schema.containsField(c)) {
        throw new DataFormatException(file, 0, "column '" + c + "' is missing; the R-Bench parquet needs "
            + String.join(", ", RBenchData.COLUMNS) + ", ref_image{bytes}, dis_image{bytes} (found: "
            + String.join(", ", present) + ")");
      }
      Type t = schema.getType(c);
      boolean image = IMAGE_COLUMNS.contains(c);
      boolean ok = image
          ? (t.isPrimitive() ? binary(t) : t.asGroupType().containsField("bytes")
              && t.asGroupType().getType("bytes").isPrimitive() && binary(t.asGroupType().getType("bytes")))
          : t.isPrimitive() && t.getRepetition() != Type.Repetition.REPEATED;
      if (!ok) {
        throw new DataFormatException(file, 0, "column '" + c + "' has type " + t.toString().strip()
            + (image ? "; expected a struct with a binary field 'bytes' (the datasets Image feature)" : "; expected a scalar column"));
      }
    }
  }

  private static boolean binary(Type t) {
    return t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY;
  }

  private static String fieldName(MessageType schema, String column) {
    return schema.getType(column).isPrimitive() ? column : column + ".bytes";
  }

  private static byte[] bytes(Group g, String column) {
    if (g.getFieldRepetitionCount(column) == 0) {
      return null;
    }
    Type t = g.getType().getType(column);
    if (t.isPrimitive()) {
      return g.getBinary(column, 0).getBytes();
    }
    Group s = g.getGroup(column, 0);
    return s.getFieldRepetitionCount("bytes") == 0 ? null : s.getBinary("bytes", 0).getBytes();
  }

  private static String cellOrNull(Group g, String column) {
    try {
      return cell(null, 0, g, column);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A scalar cell as text: strings as they are, numbers as Python prints them; null when missing. */
  private static String cell(Path file, int row, Group g, String column) {
    if (g.getFieldRepetitionCount(column) == 0) {
      return null;
    }
    PrimitiveType t = g.getType().getType(column).asPrimitiveType();
    return switch (t.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(column, 0).toStringUsingUTF8();
      case INT32 -> String.valueOf(g.getInteger(column, 0));
      case INT64 -> String.valueOf(g.getLong(column, 0));
      case DOUBLE -> PythonText.floatRepr(g.getDouble(column, 0));
      case FLOAT -> PythonText.floatRepr(g.getFloat(column, 0));
      case BOOLEAN -> g.getBoolean(column, 0) ? "True" : "False";
      default -> throw RBenchData.field(file, row, column, "has unsupported type " + t.getPrimitiveTypeName());
    };
  }
}
