package org.robustr1.model.embedded;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The word-level tokenizer of the embedded default model, in the Hugging Face {@code tokenizer.json}
 * format, built deterministically from {@link EmbeddedVocabulary}.
 *
 * <p>Layout:
 *
 * <ul>
 *   <li>model {@code WordLevel} with unknown token {@value #UNK} (id 0);
 *   <li>pre-tokenizer: a {@code Split} (isolated) on {@value #SPLIT_REGEX}: a word with an optional
 *       leading space, a single digit, a single punctuation character, or a single whitespace
 *       character. So {@code "motion blur(0.45), jpeg"} becomes {@code motion}, {@code " blur"},
 *       {@code (}, {@code 0}, {@code .}, {@code 4}, {@code 5}, {@code )}, {@code ,}, {@code " jpeg"};
 *   <li>decoder {@code Fuse}: tokens are concatenated, so decoding gives back the encoded text
 *       exactly whenever every piece is in the vocabulary (spaces live inside the tokens);
 *   <li>added tokens: the ten chain tags {@code <TYPE>} … {@code <ANSWER_END>} (plain text, not
 *       special, as in Robust-R1) and the 22 added tokens of Qwen2.5-VL with their names and special
 *       flags ({@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}, {@code
 *       <|vision_start|>}, {@code <|image_pad|>}, …), after the word vocabulary as in Qwen.
 * </ul>
 *
 * <p>The same file ships as the class-path resource {@link #RESOURCE}; {@link #load()} reads it.
 */
public final class EmbeddedTokenizer {

  /** Class-path location of the shipped {@code tokenizer.json}. */
  public static final String RESOURCE = "/org/robustr1/model/embedded/tokenizer.json";
  /** Class-path location of the shipped {@code tokenizer_config.json}. */
  public static final String CONFIG_RESOURCE = "/org/robustr1/model/embedded/tokenizer_config.json";
  /** File name of the tokenizer. */
  public static final String FILE_NAME = "tokenizer.json";
  /** File name of the tokenizer settings (chat template, special token names). */
  public static final String CONFIG_FILE_NAME = "tokenizer_config.json";
  /** The unknown token (id 0). */
  public static final String UNK = "[UNK]";
  /** The pre-tokenizer pattern. */
  public static final String SPLIT_REGEX = " ?\\p{L}+| ?\\p{N}| ?[^\\s\\p{L}\\p{N}]|\\s";

  /** The Robust-R1 chain tags, in chain order. */
  public static final List<String> CHAIN_TAGS =
      List.of(
          "<TYPE>",
          "<TYPE_END>",
          "<INFLUENCE>",
          "<INFLUENCE_END>",
          "<REASONING>",
          "<REASONING_END>",
          "<CONCLUSION>",
          "<CONCLUSION_END>",
          "<ANSWER>",
          "<ANSWER_END>");

  /** The added tokens of Qwen2.5-VL in id order (151643 …), with whether each is special. */
  private static final List<Map.Entry<String, Boolean>> QWEN_ADDED =
      List.of(
          Map.entry("<|endoftext|>", true),
          Map.entry("<|im_start|>", true),
          Map.entry("<|im_end|>", true),
          Map.entry("<|object_ref_start|>", true),
          Map.entry("<|object_ref_end|>", true),
          Map.entry("<|box_start|>", true),
          Map.entry("<|box_end|>", true),
          Map.entry("<|quad_start|>", true),
          Map.entry("<|quad_end|>", true),
          Map.entry("<|vision_start|>", true),
          Map.entry("<|vision_end|>", true),
          Map.entry("<|vision_pad|>", true),
          Map.entry("<|image_pad|>", true),
          Map.entry("<|video_pad|>", true),
          Map.entry("<tool_call>", false),
          Map.entry("</tool_call>", false),
          Map.entry("<|fim_prefix|>", false),
          Map.entry("<|fim_middle|>", false),
          Map.entry("<|fim_suffix|>", false),
          Map.entry("<|fim_pad|>", false),
          Map.entry("<|repo_name|>", false),
          Map.entry("<|file_sep|>", false));

  /** The default Qwen2-VL / Qwen2.5-VL chat template. */
  public static final String CHAT_TEMPLATE =
      "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}"
          + "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
          + "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
          + "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
          + "{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}"
          + "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
          + "{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}"
          + "Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>"
          + "{% elif content['type'] == 'video' or 'video' in content %}"
          + "{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}"
          + "Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>"
          + "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n"
          + "{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String WHITESPACE = " \n\t\r";

  private static volatile Vocab cached;

  private EmbeddedTokenizer() {}

  /** The word vocabulary (model vocab, {@value #UNK} first) in id order, without added tokens. */
  public static List<String> modelVocabulary() {
    return vocab().model;
  }

  /** Every token in id order: the model vocabulary, then the chain tags, then Qwen's added tokens. */
  public static List<String> tokens() {
    return vocab().all;
  }

  /** Number of tokens including added tokens (ids are {@code 0 .. size()-1}). */
  public static int size() {
    return vocab().all.size();
  }

  /**
   * The id of a token, e.g. {@code "<|im_end|>"}, {@code "<TYPE>"} or {@code " blur"}.
   *
   * @throws IllegalArgumentException when the token is not in the vocabulary
   */
  public static int tokenId(String token) {
    Integer id = vocab().ids.get(checkNotNull(token, "token"));
    checkArgument(id != null, "token '%s' is not in the embedded vocabulary", token);
    return id;
  }

  /** The {@code tokenizer.json} text (deterministic; identical to the shipped resource). */
  public static String json() {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    Vocab v = vocab();
    addToken(added, 0, UNK, true);
    int id = v.model.size();
    for (String tag : CHAIN_TAGS) {
      addToken(added, id++, tag, false);
    }
    for (Map.Entry<String, Boolean> e : QWEN_ADDED) {
      addToken(added, id++, e.getKey(), e.getValue());
    }
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Split");
    pre.putObject("pattern").put("Regex", SPLIT_REGEX);
    pre.put("behavior", "Isolated");
    pre.put("invert", false);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode vocabNode = model.putObject("vocab");
    for (int i = 0; i < v.model.size(); i++) {
      vocabNode.put(v.model.get(i), i);
    }
    model.put("unk_token", UNK);
    return write(om, root);
  }

  /** The {@code tokenizer_config.json} text: Qwen's keys with this vocabulary's ids. */
  public static String configJson() {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    root.put("add_bos_token", false);
    root.put("add_prefix_space", false);
    ObjectNode decoder = root.putObject("added_tokens_decoder");
    List<String> all = vocab().all;
    List<String> additional = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String t = all.get(i);
      boolean isAdded = i == 0 || i >= vocab().model.size();
      if (!isAdded) {
        continue;
      }
      boolean special = i == 0 || isSpecial(t);
      ObjectNode n = decoder.putObject(Integer.toString(i));
      n.put("content", t);
      n.put("lstrip", false);
      n.put("normalized", false);
      n.put("rstrip", false);
      n.put("single_word", false);
      n.put("special", special);
      if (special && i != 0 && !t.equals("<|endoftext|>")) {
        additional.add(t);
      }
    }
    ArrayNode add = root.putArray("additional_special_tokens");
    additional.forEach(add::add);
    root.putNull("bos_token");
    root.put("chat_template", CHAT_TEMPLATE);
    root.put("clean_up_tokenization_spaces", false);
    root.put("eos_token", "<|im_end|>");
    root.put("errors", "replace");
    root.put("model_max_length", 32768);
    root.put("pad_token", "<|endoftext|>");
    root.put("split_special_tokens", false);
    root.put("tokenizer_class", "PreTrainedTokenizerFast");
    root.put("unk_token", UNK);
    return write(om, root);
  }

  /**
   * Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (created if
   * missing).
   *
   * @return the path of {@code tokenizer.json}
   */
  public static Path write(Path dir) throws IOException {
    checkNotNull(dir, "dir");
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, json(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(CONFIG_FILE_NAME), configJson(), StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Loads the shipped tokenizer into DJL with truncation and padding off and no special tokens
   * added (prompts carry their own). The caller closes it.
   */
  public static HuggingFaceTokenizer load() throws IOException {
    try (InputStream is = EmbeddedTokenizer.class.getResourceAsStream(RESOURCE)) {
      if (is == null) {
        throw new IOException("class-path resource " + RESOURCE + " is missing");
      }
      return HuggingFaceTokenizer.newInstance(is, djlOptions());
    }
  }

  /** The DJL options this library uses for the embedded tokenizer. */
  public static Map<String, String> djlOptions() {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("truncation", "false");
    opts.put("padding", "false");
    opts.put("addSpecialTokens", "false");
    return Collections.unmodifiableMap(opts);
  }

  /** Whether a token is one of Qwen's special added tokens (e.g. {@code <|im_end|>}). */
  public static boolean isSpecial(String token) {
    for (Map.Entry<String, Boolean> e : QWEN_ADDED) {
      if (e.getKey().equals(token)) {
        return e.getValue();
      }
    }
    return UNK.equals(token);
  }

  private static void addToken(ArrayNode added, int id, String content, boolean special) {
    ObjectNode n = added.addObject();
    n.put("id", id);
    n.put("content", content);
    n.put("single_word", false);
    n.put("lstrip", false);
    n.put("rstrip", false);
    n.put("normalized", false);
    n.put("special", special);
  }

  private static String write(ObjectMapper om, ObjectNode root) {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return om.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Vocab vocab() {
    Vocab v = cached;
    if (v == null) {
      v = new Vocab();
      cached = v;
    }
    return v;
  }

  /** The id tables, built once. */
  private static final class Vocab {
    final List<String> model;
    final List<String> all;
    final Map<String, Integer> ids;

    Vocab() {
      Set<String> m = new LinkedHashSet<>();
      m.add(UNK);
      for (char c : WHITESPACE.toCharArray()) {
        m.add(String.valueOf(c));
      }
      for (char c : PUNCTUATION.toCharArray()) {
        m.add(String.valueOf(c));
        m.add(" " + c);
      }
      for (char c = '0'; c <= '9'; c++) {
        m.add(String.valueOf(c));
        m.add(" " + c);
      }
      List<String> words = new ArrayList<>(EmbeddedVocabulary.words());
      for (char c = 'a'; c <= 'z'; c++) {
        if (!words.contains(String.valueOf(c))) {
          words.add(String.valueOf(c));
        }
      }
      Collections.sort(words);
      for (String w : words) {
        String cap = w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
        m.add(w);
        m.add(" " + w);
        m.add(cap);
        m.add(" " + cap);
      }
      for (String w : EmbeddedVocabulary.upperCaseWords()) {
        m.add(w);
        m.add(" " + w);
      }
      model = List.copyOf(m);
      List<String> a = new ArrayList<>(model);
      a.addAll(CHAIN_TAGS);
      for (Map.Entry<String, Boolean> e : QWEN_ADDED) {
        a.add(e.getKey());
      }
      all = List.copyOf(a);
      Map<String, Integer> id = new LinkedHashMap<>();
      for (int i = 0; i < all.size(); i++) {
        if (id.put(all.get(i), i) != null) {
          throw new IllegalStateException("duplicate token '" + all.get(i) + "' in the embedded vocabulary");
        }
      }
      ids = Collections.unmodifiableMap(id);
    }
  }
}
