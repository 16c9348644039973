package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustr1.core.io.JsonLinesException;
import org.robustr1.core.io.TrainRow;
import org.robustr1.core.io.Utf8Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Robust-R1 {@code train.jsonl} (robust-r1.md §2.1) with the core codec ({@link
 * TrainRow}): {@code image} is a path or a list of paths relative to the image root (absent for a
 * text-only row); {@code conversations[0].value} is the user turn and {@code
 * conversations[1].value} the assistant chain. Rows are then checked here: images must stay inside
 * the root (and exist, if asked) and the answer must not be empty. Blank lines are skipped.
 */
public final class TrainDataReader {

  private static final Logger LOG = LoggerFactory.getLogger(TrainDataReader.class);

  private TrainDataReader() {}

  /**
   * Reads every row of {@code file}, resolving images under {@code imageRoot}.
   *
   * @param checkImagesExist whether a missing image file makes the row bad
   * @throws BadRowException on the first bad row under {@link OnBadRow#FAIL}
   * @throws UncheckedIOException when the file cannot be read
   */
  public static TrainDataset read(Path file, ImageRoot imageRoot, OnBadRow onBadRow, boolean checkImagesExist) {
    requireNonNull(file, "file");
    requireNonNull(imageRoot, "imageRoot");
    requireNonNull(onBadRow, "onBadRow");
    List<TrainExample> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = r.readLine()) != null) {
        line++;
        if (line == 1) {
          text = Utf8Text.stripBom(text);
        }
        if (text.isBlank()) {
          continue;
        }
        try {
          rows.add(parse(file, line, text, imageRoot, checkImagesExist));
        } catch (BadRowException e) {
          if (onBadRow == OnBadRow.FAIL) {
            throw e;
          }
          LOG.warn("skipping bad row: {}", e.getMessage());
          skipped.add(e.getMessage());
        }
      }
    } catch (CharacterCodingException e) {
      IOException why = Utf8Text.notUtf8(file, e);
      throw new UncheckedIOException(why.getMessage(), why);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read training data " + file + ": " + e.getMessage(), e);
    }
    return new TrainDataset(file, ImmutableList.copyOf(rows), ImmutableList.copyOf(skipped));
  }

  /** Parses one line; every problem becomes a {@link BadRowException} naming file and line. */
  static TrainExample parse(Path file, int line, String text, ImageRoot root, boolean checkImagesExist) {
    TrainRow row;
    try {
      row = TrainRow.parse(text, file.getFileName() + " line " + line);
    } catch (JsonLinesException e) {
      String msg = e.getMessage();
      String prefix = e.where() + ": ";
      throw new BadRowException(file, line, msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
    }
    ImmutableList.Builder<Path> images = ImmutableList.builder();
    for (String p : row.images()) {
      Path resolved;
      try {
        resolved = root.resolve(p);
      } catch (IllegalArgumentException e) {
        throw new BadRowException(file, line, "field image refused: " + e.getMessage());
      }
      if (checkImagesExist && !Files.isRegularFile(resolved)) {
        throw new BadRowException(file, line, "field image: '" + p + "' not found at " + resolved);
      }
      images.add(resolved);
    }
    if (row.groundTruth().isEmpty()) {
      throw new BadRowException(file, line, "conversations[1].value (the assistant answer) is empty");
    }
    return new TrainExample(line, images.build(), row);
  }
}
