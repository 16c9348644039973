package org.robustr1.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.serve.generate.StopStrings;
import org.robustr1.serve.openai.ChatRequest;
import org.robustr1.serve.openai.ChatResponses;
import org.robustr1.serve.openai.OpenAiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: admits the request (429 when the queue is full), reads and
 * validates it, decodes and prepares its images, queues it on its model's worker and answers with
 * the whole completion or a stream of server-sent events. A streamed request whose client has gone
 * (a write fails; while it waits, a comment line is written every second to find out) is cancelled
 * and its generation ends at the next token.
 */
final class ChatHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);
  private static final long POLL_MILLIS = 1000;
  /** How long past its deadline a request waits for the worker to end it before giving up. */
  private static final long OVERDUE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final RobustR1Server server;
  private final ObjectMapper mapper;

  ChatHandler(RobustR1Server server, ObjectMapper mapper) {
    this.server = server;
    this.mapper = mapper;
  }

  void handle(HttpExchange ex) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "POST");
      throw new OpenAiError(405, "invalid_request_error", "method_not_allowed", null,
          ex.getRequestMethod() + " is not allowed on /v1/chat/completions; use POST");
    }
    if (!server.admit()) {
      HttpIo.discardBody(ex, server.config().maxBodyBytes());
      ex.getResponseHeaders().set("Retry-After", Long.toString(server.retryAfterSeconds()));
      throw new OpenAiError(429, "rate_limit_error", "queue_full", null, "the server is busy: "
          + server.config().queueSize() + " requests are already queued or running (--queue-size); retry later");
    }
    try {
      Admitted a = read(ex);
      if (a.stream()) {
        stream(ex, a.job(), a.responses(), a.includeUsage());
      } else {
        whole(ex, a.job(), a.responses());
      }
    } finally {
      server.release();
    }
  }

  /** A queued request: only what answering it needs (not its body, which may be megabytes). */
  private record Admitted(Job job, ChatResponses responses, boolean stream, boolean includeUsage) {}

  private Admitted read(HttpExchange ex) throws IOException {
    ChatRequest req = ChatRequest.parse(HttpIo.readBody(ex, server.config().maxBodyBytes()), mapper);
    ModelWorker worker = server.worker(req.model());
    Job job = admit(req, worker);
    boolean usage = req.stream() && req.includeUsage();
    return new Admitted(job, new ChatResponses(mapper, worker.generator().name(), usage), req.stream(), usage);
  }

  /** Decodes and checks the request and queues its job. */
  Job admit(ChatRequest req, ModelWorker worker) throws IOException {
    var gen = worker.generator();
    ImmutableList.Builder<RgbImage> images = ImmutableList.builder();
    for (ChatRequest.ImagePart p : req.images()) {
      RgbImage img = server.images().load(p);
      try {
        images.add(gen.prepare(img));
      } catch (IllegalArgumentException e) {
        throw OpenAiError.badRequest(p.param(), p.param() + ": " + e.getMessage());
      }
    }
    VlmPrompt prompt = new VlmPrompt(images.build(), req.text(), req.system());
    try {
      gen.check(prompt);
    } catch (IllegalArgumentException e) {
      throw OpenAiError.badRequest("messages", e.getMessage());
    }
    SamplingConfig sampling = req.sampling(server.config().defaultMaxTokens(), server.config().maxTokensLimit());
    Job job = new Job(prompt, sampling, new StopStrings(req.stop()), server.config().requestTimeout().toNanos());
    worker.submit(job);
    return job;
  }

  private void whole(HttpExchange ex, Job job, ChatResponses responses) throws IOException {
    while (true) {
      Object ev;
      try {
        ev = job.next(POLL_MILLIS);
      } catch (InterruptedException e) {
        job.cancel();
        Thread.currentThread().interrupt();
        throw ModelWorker.shuttingDown();
      }
      if (ev instanceof Job.Result r) {
        HttpIo.sendJson(ex, 200, responses.completion(r.text(), r.finish(), r.promptTokens(), r.completionTokens()), mapper);
        return;
      }
      if (ev instanceof OpenAiError e) {
        throw e;
      }
      if (ev == null && job.nanosLeft() < -OVERDUE_NANOS) {
        job.cancel();
        throw job.timeout();
      }
    }
  }

  private void stream(HttpExchange ex, Job job, ChatResponses responses, boolean includeUsage) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream os = ex.getResponseBody();
    try {
      data(os, responses.roleChunk());
      while (true) {
        Object ev;
        try {
          ev = job.next(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ev = ModelWorker.shuttingDown();
        }
        if (ev == null) {
          if (job.nanosLeft() < -OVERDUE_NANOS) {
            job.cancel();
            ev = job.timeout();
          } else {
            write(os, ": waiting\n\n");
            continue;
          }
        }
        if (ev instanceof String piece) {
          data(os, responses.contentChunk(piece));
        } else if (ev instanceof Job.Result r) {
          data(os, responses.finishChunk(r.finish()));
          if (includeUsage) {
            data(os, responses.usageChunk(r.promptTokens(), r.completionTokens()));
          }
          write(os, "data: [DONE]\n\n");
          break;
        } else if (ev instanceof OpenAiError e) {
          data(os, e.toJson(mapper));
          break;
        }
      }
      os.close();
    } catch (IOException e) {
      job.cancel();
      LOG.info("client of a streamed completion went away ({}); its generation ends at the next token", e.getMessage());
      ex.close();
    }
  }

  private void data(OutputStream os, JsonNode node) throws IOException {
    write(os, "data: " + mapper.writeValueAsString(node) + "\n\n");
  }

  private static void write(OutputStream os, String s) throws IOException {
    os.write(HttpIo.utf8(s));
    os.flush();
  }
}
