package org.robustr1.model.tokenizer;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Qwen2.5 byte-level BPE tokenizer, through DJL's binding of Hugging Face {@code tokenizers}
 * on a local {@code tokenizer.json}.
 *
 * <p>Unlike DJL's defaults, truncation and padding are off (DJL would silently cut at 512 tokens)
 * and no special tokens are added: Qwen adds no BOS, and the chat template writes its control
 * tokens as text. {@link #encodeWithImages(String, int[])} expands each {@code <|image_pad|>} of a
 * rendered prompt into the image's token count without tokenizing thousands of placeholders.
 *
 * <p>Thread-safe; close it to free the native tokenizer.
 */
public final class QwenTokenizer implements AutoCloseable {

  /** The tokenizer file name in a checkpoint directory. */
  public static final String FILE_NAME = "tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;
  private final Path file;
  private final ImmutableMap<String, Integer> addedTokens;
  private final ImmutableSet<Integer> specialIds;
  private final SpecialTokens special;

  private QwenTokenizer(
      HuggingFaceTokenizer tokenizer,
      Path file,
      ImmutableMap<String, Integer> addedTokens,
      ImmutableSet<Integer> specialIds) {
    this.tokenizer = tokenizer;
    this.file = file;
    this.addedTokens = addedTokens;
    this.specialIds = specialIds;
    this.special =
        new SpecialTokens(
            require(SpecialTokens.END_OF_TEXT),
            require(SpecialTokens.IM_START),
            require(SpecialTokens.IM_END),
            require(SpecialTokens.VISION_START),
            require(SpecialTokens.VISION_END),
            require(SpecialTokens.VISION_PAD),
            require(SpecialTokens.IMAGE_PAD),
            require(SpecialTokens.VIDEO_PAD));
  }

  private int require(String token) {
    Integer id = addedTokens.get(token);
    if (id == null) {
      tokenizer.close();
      throw new IllegalArgumentException(
          file + ": added_tokens lacks " + token + " (not a Qwen2.5-VL tokenizer)");
    }
    return id;
  }

  /**
   * Loads {@code tokenizer.json} from a checkpoint directory, or the given file.
   *
   * @throws NoSuchFileException when the file is absent
   * @throws IllegalArgumentException when it lacks the Qwen2.5-VL control tokens
   */
  public static QwenTokenizer load(Path dirOrFile) throws IOException {
    Path f = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException(f.toString(), null, "tokenizer not found");
    }
    Map<String, Integer> added = new HashMap<>();
    Set<Integer> specials = new HashSet<>();
    readAddedTokens(f, added, specials);
    Map<String, String> opts = new HashMap<>();
    opts.put("addSpecialTokens", "false");
    opts.put("truncation", "false");
    opts.put("padding", "false");
    opts.put("modelMaxLength", String.valueOf(Integer.MAX_VALUE));
    HuggingFaceTokenizer hf;
    try {
      hf = HuggingFaceTokenizer.newInstance(f, opts);
    } catch (RuntimeException e) {
      throw new IOException(f + ": the Hugging Face tokenizers library cannot read it: " + e.getMessage(), e);
    }
    return new QwenTokenizer(hf, f, ImmutableMap.copyOf(added), ImmutableSet.copyOf(specials));
  }

  /** Streams the {@code added_tokens} array out of tokenizer.json (skipping the 11 MB vocab). */
  private static void readAddedTokens(Path f, Map<String, Integer> added, Set<Integer> specials)
      throws IOException {
    try (InputStream in = Files.newInputStream(f);
        JsonParser p = new JsonFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(f + ": not a JSON object");
      }
      boolean hasModel = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        hasModel |= field.equals("model");
        if (!field.equals("added_tokens")) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw new IOException(f + ": added_tokens must be an array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          Integer id = null;
          String content = null;
          boolean isSpecial = false;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            switch (k) {
              case "id" -> id = p.getIntValue();
              case "content" -> content = p.getText();
              case "special" -> isSpecial = p.getBooleanValue();
              default -> p.skipChildren();
            }
          }
          if (id == null || content == null) {
            throw new IOException(f + ": added_tokens entry without id or content");
          }
          added.put(content, id);
          if (isSpecial) {
            specials.add(id);
          }
        }
      }
      if (!hasModel) {
        throw new IOException(f + ": missing field 'model' (the vocabulary and merges); not a Hugging Face"
            + " tokenizer.json, copy the checkpoint's tokenizer.json again");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(f + ": malformed tokenizer.json: " + e.getOriginalMessage(), e);
    }
  }

  /** The tokenizer file. */
  public Path file() {
    return file;
  }

  /** Ids of the control tokens. */
  public SpecialTokens specialTokens() {
    return special;
  }

  /** Added tokens (control and tool tokens) by text. */
  public ImmutableMap<String, Integer> addedTokens() {
    return addedTokens;
  }

  /** Whether {@code id} is a special token (removed by {@code decode(ids, true)}). */
  public boolean isSpecial(int id) {
    return specialIds.contains(id);
  }

  /** Tokenizes text as is: no BOS/EOS, no truncation; added tokens in the text map to their ids. */
  public int[] encode(String text) {
    requireNonNull(text, "text");
    if (text.isEmpty()) {
      return new int[0];
    }
    Encoding e = tokenizer.encode(text, false, false);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  /**
   * Tokenizes a rendered prompt whose {@code k}-th {@code <|image_pad|>} stands for image {@code
   * k}, replacing it with {@code imageTokenCounts[k]} copies of the image-pad id. Equal to
   * tokenizing the text after Hugging Face's expansion, because the added token splits the text.
   *
   * @throws IllegalArgumentException when the number of placeholders differs from the number of
   *     counts
   */
  public int[] encodeWithImages(String text, int[] imageTokenCounts) {
    requireNonNull(text, "text");
    requireNonNull(imageTokenCounts, "imageTokenCounts");
    String pad = SpecialTokens.IMAGE_PAD;
    int found = 0;
    for (int at = text.indexOf(pad); at >= 0; at = text.indexOf(pad, at + pad.length())) {
      found++;
    }
    checkArgument(
        found == imageTokenCounts.length,
        "the prompt has %s %s placeholder(s) but %s image(s) were given",
        found,
        pad,
        imageTokenCounts.length);
    int total = 0;
    int[][] parts = new int[found + 1][];
    int start = 0;
    for (int k = 0; k <= found; k++) {
      int at = k < found ? text.indexOf(pad, start) : text.length();
      parts[k] = encode(text.substring(start, at));
      total += parts[k].length;
      if (k < found) {
        checkArgument(imageTokenCounts[k] > 0, "image %s has %s tokens", k, imageTokenCounts[k]);
        total += imageTokenCounts[k];
      }
      start = at + pad.length();
    }
    int[] out = new int[total];
    int o = 0;
    for (int k = 0; k <= found; k++) {
      System.arraycopy(parts[k], 0, out, o, parts[k].length);
      o += parts[k].length;
      if (k < found) {
        java.util.Arrays.fill(out, o, o + imageTokenCounts[k], special.imagePad());
        o += imageTokenCounts[k];
      }
    }
    return out;
  }

  /**
   * Tokenizes {@code renderedPrompt + assistantText + "<|im_end|>\n"} for supervised fine-tuning
   * and locates the answer span (see {@link SftEncoding}).
   *
   * @param renderedPrompt a prompt ending with the generation prompt ({@link
   *     ChatTemplate#render(org.robustr1.model.VlmPrompt)})
   * @param assistantText the answer
   * @param imageTokenCounts the image-pad count of each image in the prompt
   */
  public SftEncoding encodeForSft(String renderedPrompt, String assistantText, int[] imageTokenCounts) {
    requireNonNull(renderedPrompt, "renderedPrompt");
    requireNonNull(assistantText, "assistantText");
    String full = renderedPrompt + assistantText + ChatTemplate.TURN_END;
    int[] promptIds = encodeWithImages(renderedPrompt, imageTokenCounts);
    int[] ids = encodeWithImages(full, imageTokenCounts);
    int start = 0;
    while (start < promptIds.length && start < ids.length && promptIds[start] == ids[start]) {
      start++;
    }
    int end = ids.length;
    while (end > start && ids[end - 1] != special.imEnd()) {
      end--;
    }
    checkArgument(end > start, "no %s after the answer in the tokenized text", SpecialTokens.IM_END);
    int charStart = renderedPrompt.length();
    int charEnd = charStart + assistantText.length() + SpecialTokens.IM_END.length();
    return new SftEncoding(ids, full, start, end, charStart, charEnd);
  }

  /** Decodes ids to text; {@code skipSpecialTokens} drops the special control tokens. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, skipSpecialTokens);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
