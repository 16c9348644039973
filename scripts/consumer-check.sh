#!/usr/bin/env bash
# Builds two throwaway Maven projects that use robustr1 the way a user does (importing
# robustr1-bom), against the artifacts installed in the local repository:
#
#   full      robustr1-core, -degrade, -model, -train and -eval plus the Linux x86-64 PyTorch build
#             (as README's snippet) with maven-enforcer's dependencyConvergence and a ban on junit in
#             compile/runtime scope; compiles a class using each module.
#   endpoint  robustr1-eval + robustr1-api only (scoring a served model): the enforcer bans every
#             PyTorch and OpenCV artifact; prints the jar count and size of its runtime class path
#             and runs OpenAiVisionModel against a local stub server on that class path.
#
# Usage: mvn -DskipTests install && scripts/consumer-check.sh [extra Maven args, e.g. -o
#        -Dmaven.repo.local=DIR]. Exits non-zero when either build fails. KEEP=1 keeps the temp dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
work="$(mktemp -d "${TMPDIR:-/tmp}/robustr1-consumer.XXXXXX")"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mvn_args=(-B -ntp "$@")

# pom <artifactId> <dependencies xml> <enforcer rules xml>
pom() {
  cat <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>$1</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.robustr1</groupId>
        <artifactId>robustr1-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
$2
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-install-plugin</artifactId><version>3.1.3</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-enforcer-plugin</artifactId>
        <version>3.5.0</version>
        <executions>
          <execution>
            <id>enforce</id>
            <goals><goal>enforce</goal></goals>
            <configuration><rules>
$3
            </rules></configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
POM
}

dep() { echo "    <dependency><groupId>org.robustr1</groupId><artifactId>$1</artifactId></dependency>"; }

no_junit='              <bannedDependencies>
                <searchTransitive>true</searchTransitive>
                <excludes>
                  <exclude>org.junit.jupiter:*:*:*:compile</exclude>
                  <exclude>org.junit.jupiter:*:*:*:runtime</exclude>
                  <exclude>junit:junit:*:*:compile</exclude>
                  <exclude>junit:junit:*:*:runtime</exclude>
                  <exclude>org.apache.pdfbox</exclude>
                </excludes>
              </bannedDependencies>'

# --- full: every library module, dependency convergence -------------------------------------
mkdir -p "$work/full/src/main/java/example"
natives='    <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-native-cpu</artifactId><classifier>linux-x86_64</classifier><scope>runtime</scope></dependency>
    <dependency><groupId>ai.djl.pytorch</groupId><artifactId>pytorch-jni</artifactId><scope>runtime</scope></dependency>'
pom consumer-full "$(dep robustr1-core; dep robustr1-degrade; dep robustr1-model; dep robustr1-train; dep robustr1-eval; echo "$natives")" \
  "              <dependencyConvergence/>
$no_junit" > "$work/full/pom.xml"
cat > "$work/full/src/main/java/example/UsesEveryModule.java" <<'JAVA'
package example;

import org.robustr1.core.chain.ChainFormat;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.sft.SftTrainer;

/** Names one public type of each module, so the build fails when one is not on the class path. */
public final class UsesEveryModule {
  public static void main(String[] args) {
    System.out.println(ChainFormat.DEFAULT + " " + DegradationPipeline.class + " " + Qwen25VlModel.class
        + " " + SftTrainer.class + " " + OpenAiVisionModel.class + " " + SamplingConfig.greedy(8));
  }
}
JAVA

# --- endpoint: eval + api, no natives -------------------------------------------------------
mkdir -p "$work/endpoint/src/main/java/example"
pom consumer-endpoint "$(dep robustr1-eval; dep robustr1-api)" \
  "              <dependencyConvergence/>
$no_junit
              <bannedDependencies>
                <searchTransitive>true</searchTransitive>
                <message>an endpoint-only consumer must not resolve PyTorch or OpenCV natives</message>
                <excludes>
                  <exclude>ai.djl.pytorch</exclude>
                  <exclude>ai.djl</exclude>
                  <exclude>org.openpnp</exclude>
                  <exclude>org.robustr1:robustr1-model</exclude>
                  <exclude>org.robustr1:robustr1-degrade</exclude>
                </excludes>
              </bannedDependencies>" > "$work/endpoint/pom.xml"
cat > "$work/endpoint/src/main/java/example/ScoreServedModel.java" <<'JAVA'
package example;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/** Asks a served model (a local stub answering "B") about one image: the endpoint path, run. */
public final class ScoreServedModel {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = "{\"choices\":[{\"message\":{\"content\":\"B\"}}]}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      VisionLanguageModel model = new OpenAiVisionModel(ChatCompletionsClient.builder()
          .setEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").setModel("stub").build());
      RgbImage image = RgbImage.of(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
      String answer = model.generate(List.of(VlmPrompt.of(List.of(image), "Which?")), SamplingConfig.greedy(8))
          .get(0).text();
      if (!answer.equals("B")) {
        throw new AssertionError("expected B, got " + answer);
      }
      System.out.println("endpoint path ran without natives: answer " + answer);
    } finally {
      server.stop(0);
    }
  }
}
JAVA

status=0
for p in full endpoint; do
  echo "== consumer '$p' (robustr1 $version)"
  if ! (cd "$work/$p" && mvn "${mvn_args[@]}" -q verify); then
    echo "FAIL: consumer '$p' does not build"; status=1; continue
  fi
  (cd "$work/$p" && mvn "${mvn_args[@]}" dependency:tree -Dscope=compile -DoutputFile=tree.txt > tree.log)
  if grep -q 'is invalid, transitive dependencies' "$work/$p/tree.log"; then
    echo "FAIL: an installed POM is invalid (install the parent too: mvn -N install):"
    grep 'is invalid' "$work/$p/tree.log"; status=1
  fi
  if grep -qi junit "$work/$p/tree.txt"; then
    echo "FAIL: junit in the compile scope of '$p':"; grep -i junit "$work/$p/tree.txt"; status=1
  else
    echo "ok: dependency convergence holds; no junit in compile scope"
  fi
  (cd "$work/$p" && mvn "${mvn_args[@]}" -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime)
  tr ':' '\n' < "$work/$p/cp.txt" | grep -c '\.jar$' | xargs printf '   runtime class path: %s jars, ' 
  tr ':' '\n' < "$work/$p/cp.txt" | grep '\.jar$' | xargs du -cb | tail -1 | awk '{printf "%.1f MiB\n", $1 / 1048576}'
done
echo "== running the endpoint consumer"
if ! java -cp "$work/endpoint/target/classes:$(cat "$work/endpoint/cp.txt")" example.ScoreServedModel; then
  echo "FAIL: the endpoint consumer does not run"; status=1
fi
[ "$status" = 0 ] && echo "consumer-check: all consumers build (and the endpoint one runs)"
exit "$status"
