package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.io.FileChecksums;
import org.robustr1.core.provenance.Provenance;

/**
 * {@code robustr1 eval --endpoint} with {@code --concurrency}, {@code --limit}, {@code Retry-After}
 * and the run records ({@code provenance.json}, {@code resolved_config.yaml} read back by {@code
 * --config}), against a JDK HttpServer stub.
 */
class EvalConcurrencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** An MMStar-style TSV of {@code n} four-choice items with small images; the answer of item i is "ABCD"[i % 4]. */
  static Path mmstar(Path dir, int n) throws IOException {
    StringBuilder tsv = new StringBuilder("index\tquestion\tA\tB\tC\tD\tanswer\tcategory\timage\n");
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i % 40, 0, 0xFF00FF);
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "png", bos);
      tsv.append(i).append("\tQ").append(i).append(": which?\tw\tx\ty\tz\t").append("ABCD".charAt(i % 4))
          .append("\tcat").append(i % 2).append('\t').append(Base64.getEncoder().encodeToString(bos.toByteArray())).append('\n');
    }
    Path data = dir.resolve("MMStar.tsv");
    Files.writeString(data, tsv.toString(), StandardCharsets.UTF_8);
    return data;
  }

  /** A chat-completions stub that answers after {@code delayMs}: the right letter for even questions, D for odd ones; it counts requests in flight. */
  static final class Stub implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final List<Long> arrivals = new ArrayList<>();
    volatile int tooManyFirst;

    Stub(long delayMs) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/v1/chat/completions", ex -> {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        synchronized (arrivals) {
          arrivals.add(System.nanoTime());
        }
        try {
          JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
          if (calls.incrementAndGet() <= tooManyFirst) {
            ex.getResponseHeaders().add("Retry-After", "2");
            ex.sendResponseHeaders(429, -1);
            return;
          }
          Thread.sleep(delayMs);
          JsonNode content = req.get("messages").get(req.get("messages").size() - 1).get("content");
          String text = content.get(content.size() - 1).get("text").asText();
          int at = text.indexOf("Question: Q") + "Question: Q".length();
          int q = Integer.parseInt(text.substring(at, text.indexOf(':', at)));
          String answer = q % 2 == 0 ? String.valueOf("ABCD".charAt(q % 4)) : "D";
          byte[] out = JSON.writeValueAsBytes(Map.of("choices",
              List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", answer)))));
          ex.sendResponseHeaders(200, out.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          inFlight.decrementAndGet();
          ex.close();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private CliBehaviourTest.Run eval(Stub s, Path data, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("eval", "--bench", "mmstar", "--data", data.toString(), "--endpoint",
        s.url(), "--out", out.toString()));
    args.addAll(List.of(extra));
    return CliBehaviourTest.run(args.toArray(String[]::new));
  }

  @Test
  void eightRequestsInFlightScoreExactlyAsOneAtATime() throws Exception {
    Path data = mmstar(dir, 16);
    CliBehaviourTest.Run one;
    CliBehaviourTest.Run eight;
    int maxOne;
    int maxEight;
    try (Stub s = new Stub(100)) {
      one = eval(s, data, dir.resolve("c1"), "--concurrency", "1");
      maxOne = s.maxInFlight.getAndSet(0);
      eight = eval(s, data, dir.resolve("c8"), "--concurrency", "8");
      maxEight = s.maxInFlight.get();
    }
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(eight.code()).as(eight.err()).isZero();
    assertThat(maxOne).isEqualTo(1);
    assertThat(maxEight).isGreaterThan(1);
    assertThat(Files.readString(dir.resolve("c8/summary.json"))).isEqualTo(Files.readString(dir.resolve("c1/summary.json")));
    assertThat(Files.readAllLines(dir.resolve("c8/scores/clean/MMStar/items.jsonl")))
        .isEqualTo(Files.readAllLines(dir.resolve("c1/scores/clean/MMStar/items.jsonl")));
    assertThat(JSON.readTree(dir.resolve("c1/summary.json").toFile()).get(0).get("accuracy").asDouble()).isEqualTo(0.75);
  }

  @Test
  void limitAsksOnlyTheFirstItems() throws Exception {
    Path data = mmstar(dir, 10);
    try (Stub s = new Stub(0)) {
      CliBehaviourTest.Run r = eval(s, data, dir.resolve("o"), "--limit", "3");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(s.calls.get()).isEqualTo(3);
      assertThat(r.out()).contains("asked 3, cached 0");
      CliBehaviourTest.Run more = eval(s, data, dir.resolve("o"), "--limit", "5");
      assertThat(more.code()).isEqualTo(2);
      assertThat(more.err()).contains("limit: was '3', now '5'");
    }
  }

  @Test
  void aRetryWaitsAsLongAsRetryAfterAsks() throws Exception {
    Path data = mmstar(dir, 1);
    try (Stub s = new Stub(0)) {
      s.tooManyFirst = 1;
      CliBehaviourTest.Run r = eval(s, data, dir.resolve("o"));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(s.calls.get()).isEqualTo(2);
      assertThat((s.arrivals.get(1) - s.arrivals.get(0)) / 1e6).isGreaterThanOrEqualTo(1900);
    }
  }

  @Test
  void theRunWritesItsProvenanceAndResolvedConfigWhichRerunsTheSameRun() throws Exception {
    Path data = mmstar(dir, 4);
    Path out = dir.resolve("o");
    try (Stub s = new Stub(0)) {
      CliBehaviourTest.Run r = eval(s, data, out, "--concurrency", "2", "--seed", "5");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode p = JSON.readTree(out.resolve(Provenance.FILE_NAME).toFile());
      assertThat(p.get("kind").asText()).isEqualTo("eval");
      assertThat(p.get("seed").asLong()).isEqualTo(5);
      assertThat(p.at("/config/concurrency").asInt()).isEqualTo(2);
      assertThat(p.at("/inputs/0/sha256/MMStar.tsv").asText()).isEqualTo(FileChecksums.sha256(data));
      assertThat(p.at("/inputs/1/path").asText()).isEqualTo(s.url());
      assertThat(p.get("command_line").toString()).contains("--concurrency");
      assertThat(p.get("finished").isNull()).isFalse();
      Path recipe = out.resolve(RunRecords.RESOLVED_CONFIG);
      assertThat(Files.readString(recipe)).contains("concurrency: 2").contains("seed: 5");
      int before = s.calls.get();
      CliBehaviourTest.Run again = CliBehaviourTest.run("eval", "--config", recipe.toString());
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("asked 0, cached 4");
      assertThat(s.calls.get()).isEqualTo(before);
      CliBehaviourTest.Run unknown = CliBehaviourTest.run("eval", "--config",
          Files.writeString(dir.resolve("bad.yaml"), "bench: mmstar\nconcurrenci: 3\n").toString());
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.errLines()).singleElement().asString().contains("unknown option 'concurrenci' for robustr1 eval");
    }
  }
}
