package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the Robust-R1 {@code train.jsonl} (robust-r1.md §2.1): {@code image} is a path or a list of
 * paths relative to the image root; {@code conversations[0].value} is the user turn (its {@code
 * <image>} placeholders are removed) and {@code conversations[1].value} the assistant chain. Other
 * keys are ignored. Blank lines are skipped silently.
 */
public final class TrainDataReader {

  private static final Logger LOG = LoggerFactory.getLogger(TrainDataReader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

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
    List<TrainRow> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = r.readLine()) != null) {
        line++;
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read training data " + file, e);
    }
    return new TrainDataset(file, ImmutableList.copyOf(rows), ImmutableList.copyOf(skipped));
  }

  /** Parses one line; every problem becomes a {@link BadRowException} naming file and line. */
  static TrainRow parse(Path file, int line, String text, ImageRoot root, boolean checkImagesExist) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadRowException(file, line, "not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new BadRowException(file, line, "row is not a JSON object");
    }
    JsonNode imageNode = node.get("image");
    if (imageNode == null || imageNode.isNull()) {
      imageNode = node.get("images");
    }
    List<String> imagePaths = new ArrayList<>();
    if (imageNode == null || imageNode.isNull()) {
      throw new BadRowException(file, line, "missing field 'image'");
    } else if (imageNode.isTextual()) {
      imagePaths.add(imageNode.asText());
    } else if (imageNode.isArray()) {
      for (JsonNode p : imageNode) {
        if (!p.isTextual()) {
          throw new BadRowException(file, line, "field 'image' must hold strings, found " + p.getNodeType());
        }
        imagePaths.add(p.asText());
      }
    } else {
      throw new BadRowException(file, line, "field 'image' must be a string or a list of strings");
    }
    ImmutableList.Builder<Path> images = ImmutableList.builder();
    for (String p : imagePaths) {
      Path resolved;
      try {
        resolved = root.resolve(p);
      } catch (IllegalArgumentException e) {
        throw new BadRowException(file, line, e.getMessage());
      }
      if (checkImagesExist && !Files.isRegularFile(resolved)) {
        throw new BadRowException(file, line, "image '" + p + "' not found at " + resolved);
      }
      images.add(resolved);
    }
    JsonNode conv = node.get("conversations");
    if (conv == null || !conv.isArray() || conv.size() < 2) {
      throw new BadRowException(file, line, "field 'conversations' must be a list with a user and an assistant turn");
    }
    String user = turnValue(file, line, conv.get(0), 0);
    JsonNode gtNode = conv.get(1).get("value");
    if (gtNode == null || gtNode.isNull()) {
      throw new BadRowException(file, line, "conversations[1] has no 'value'");
    }
    String gt = gtNode.isTextual() ? gtNode.asText().replace("<answer>", "").replace("</answer>", "").strip() : gtNode.toString();
    String question = user.replace("<image>", "");
    if (gt.isEmpty()) {
      throw new BadRowException(file, line, "conversations[1].value (the assistant answer) is empty");
    }
    return new TrainRow(line, images.build(), question, gt);
  }

  private static String turnValue(Path file, int line, JsonNode turn, int index) {
    JsonNode v = turn == null ? null : turn.get("value");
    if (v == null || !v.isTextual()) {
      throw new BadRowException(file, line, "conversations[" + index + "].value must be a string");
    }
    return v.asText();
  }
}
