package org.robustr1.serve.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * The response bodies of one chat completion in OpenAI's schema: the whole {@code
 * chat.completion}, or the {@code chat.completion.chunk}s of a stream (role, content pieces, the
 * finish reason, an optional usage chunk), all with the same {@code id} and {@code created}.
 */
public final class ChatResponses {

  /** Why the generation ended: a stop token or stop string, or {@code max_tokens}. */
  public enum FinishReason {
    /** A stop token or one of the request's stop strings. */
    STOP,
    /** {@code max_tokens} reached. */
    LENGTH;

    /** The name in the schema. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final ObjectMapper mapper;
  private final String id;
  private final long created;
  private final String model;
  private final boolean usageInChunks;

  /**
   * @param model the served name of the model answering
   * @param usageInChunks whether chunks carry {@code "usage": null} (a stream with {@code
   *     include_usage})
   */
  public ChatResponses(ObjectMapper mapper, String model, boolean usageInChunks) {
    this.mapper = requireNonNull(mapper, "mapper");
    this.model = requireNonNull(model, "model");
    this.usageInChunks = usageInChunks;
    this.id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    this.created = System.currentTimeMillis() / 1000;
  }

  /** The completion's id. */
  public String id() {
    return id;
  }

  /** The whole answer. */
  public ObjectNode completion(String content, FinishReason finish, int promptTokens, int completionTokens) {
    ObjectNode root = head("chat.completion");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    msg.put("content", content);
    choice.putNull("logprobs");
    choice.put("finish_reason", finish.jsonName());
    root.set("usage", usage(promptTokens, completionTokens));
    return root;
  }

  /** The first chunk of a stream: the assistant role, empty content. */
  public ObjectNode roleChunk() {
    ObjectNode root = chunk();
    ObjectNode delta = delta(root, null);
    delta.put("role", "assistant");
    delta.put("content", "");
    return root;
  }

  /** A chunk carrying a piece of content. */
  public ObjectNode contentChunk(String piece) {
    ObjectNode root = chunk();
    delta(root, null).put("content", piece);
    return root;
  }

  /** The chunk with the finish reason and an empty delta. */
  public ObjectNode finishChunk(FinishReason finish) {
    ObjectNode root = chunk();
    delta(root, finish);
    return root;
  }

  /** The usage chunk that ends a stream with {@code include_usage}: no choices. */
  public ObjectNode usageChunk(int promptTokens, int completionTokens) {
    ObjectNode root = head("chat.completion.chunk");
    root.putArray("choices");
    root.set("usage", usage(promptTokens, completionTokens));
    return root;
  }

  private ObjectNode chunk() {
    ObjectNode root = head("chat.completion.chunk");
    root.putArray("choices");
    if (usageInChunks) {
      root.putNull("usage");
    }
    return root;
  }

  private static ObjectNode delta(ObjectNode chunk, FinishReason finish) {
    ArrayNode choices = (ArrayNode) chunk.get("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish.jsonName());
    }
    return delta;
  }

  private ObjectNode head(String object) {
    ObjectNode root = mapper.createObjectNode();
    root.put("id", id);
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    return root;
  }

  private ObjectNode usage(int promptTokens, int completionTokens) {
    ObjectNode u = mapper.createObjectNode();
    u.put("prompt_tokens", promptTokens);
    u.put("completion_tokens", completionTokens);
    u.put("total_tokens", promptTokens + completionTokens);
    return u;
  }
}
