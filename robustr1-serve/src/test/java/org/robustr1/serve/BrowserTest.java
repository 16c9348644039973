package org.robustr1.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.serve.generate.Generator;

/**
 * The page driven by a real browser (headless Chromium through Selenium and Debian's
 * chromedriver): upload an image, pick an op and an intensity, ask, and see the degraded image,
 * both columns stream and the chain parsed, its TYPE chips marked against the applied op; the
 * degradation record downloads. Skipped, with a message, only when no Chromium and chromedriver
 * are installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them).
 *
 * <p>With {@code -Drobustr1.serve.screenshot.model=DIR} (and optionally {@code
 * .baseline=DIR} and {@code -Drobustr1.serve.screenshot=FILE}) a third test asks a trained
 * checkpoint about a scene example and saves the page as a PNG (the README's screenshot).
 */
class BrowserTest {

  static final String CHAIN = "<TYPE>motion blur(0.70), gaussian noise(0.30)<TYPE_END>\n"
      + "<INFLUENCE>The motion blur smears the edges; the noise adds grain.<INFLUENCE_END>\n"
      + "<REASONING>The roof and the door are still visible, so the picture shows a house.<REASONING_END>\n"
      + "<CONCLUSION>It is a house.<CONCLUSION_END>\n<ANSWER>1<ANSWER_END>";

  @TempDir Path dir;
  private RobustR1Server server;
  private ChromeDriver driver;

  static Optional<Path> firstExisting(String property, String... candidates) {
    String p = System.getProperty(property);
    return Stream.concat(p == null ? Stream.empty() : Stream.of(p), Stream.of(candidates)).map(Path::of)
        .filter(Files::isExecutable).findFirst();
  }

  @BeforeEach
  void browser() {
    Optional<Path> chromium = firstExisting("robustr1.chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome");
    Optional<Path> chromedriver = firstExisting("robustr1.chromedriver", "/usr/bin/chromedriver",
        "/usr/lib/chromium/chromedriver");
    assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "no Chromium and chromedriver found"
        + " (apt-get install chromium chromium-driver, or -Drobustr1.chromium=… -Drobustr1.chromedriver=…):"
        + " the browser test is skipped");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1400",
        "--disable-gpu");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", dir.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private void open(Generator model, Generator baseline) throws IOException {
    server = RobustR1Server.builder().setModel(model).optBaseline(baseline).optPort(0).build();
    server.start();
    driver.get(server.baseUrl().toString());
    waitFor(Duration.ofSeconds(20), () -> !driver.findElements(By.cssSelector("#examples button")).isEmpty()
        && driver.findElement(By.id("degraded")).getAttribute("src") != null
        && driver.findElement(By.id("degraded")).getAttribute("src").startsWith("data:image/png"));
  }

  private void waitFor(Duration d, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, d).until(x -> condition.getAsBoolean());
  }

  private void setRange(String id, double value) {
    ((JavascriptExecutor) driver).executeScript("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        + " e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change'));", id, String.valueOf(value));
  }

  private void setValue(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  private WebElement column(String model) {
    return driver.findElement(By.cssSelector(".answer-column[data-model='" + model + "']"));
  }

  private void pickOp(String op, double intensity) {
    driver.findElement(By.id("mode-op")).click();
    new Select(driver.findElement(By.id("op"))).selectByValue(op);
    setRange("intensity", intensity);
    String expected = String.format(java.util.Locale.ROOT, "%s(%.2f)", op, intensity);
    waitFor(Duration.ofSeconds(20), () -> driver.findElement(By.id("record-summary")).getText().equals(expected));
  }

  private void askAndWait(List<String> models, Duration timeout) {
    driver.findElement(By.id("ask")).click();
    waitFor(timeout, () -> models.stream().allMatch(m -> {
      List<WebElement> cols = driver.findElements(By.cssSelector(".answer-column[data-model='" + m + "'] .chain"));
      return !cols.isEmpty() && cols.get(0).isDisplayed();
    }));
  }

  @Test
  void uploadDegradeAskAndSeeTheChainParsedAndMarked() throws Exception {
    open(new ScriptedGenerator("robust-r1", CHAIN, Duration.ofMillis(3), 1),
        new ScriptedGenerator("baseline", "The answer is 2.", Duration.ofMillis(3), 1));
    Path upload = dir.resolve("upload.png");
    Files.write(upload, ImageCodec.encode(QwenServerTest.picture(200, 150, 3), "png"));
    driver.findElement(By.id("file")).sendKeys(upload.toString());
    waitFor(Duration.ofSeconds(20), () -> driver.findElement(By.id("image-status")).getText().startsWith("200×150"));
    pickOp("motion_blur", 0.7);
    String original = driver.findElement(By.id("original")).getAttribute("src");
    String degraded = driver.findElement(By.id("degraded")).getAttribute("src");
    assertThat(degraded).startsWith("data:image/png;base64,").isNotEqualTo(original);
    assertThat(driver.findElement(By.id("degraded")).getAttribute("naturalWidth")).isEqualTo("200");
    setValue("question", "What is shown?\n0. a boat\n1. a house\n");
    askAndWait(List.of("robust-r1", "baseline"), Duration.ofSeconds(30));

    WebElement robust = column("robust-r1");
    List<WebElement> chips = robust.findElements(By.cssSelector(".section-TYPE .chip"));
    assertThat(chips).hasSize(2);
    assertThat(chips.get(0).getAttribute("class")).contains("hit");
    assertThat(chips.get(0).getText()).contains("motion blur").contains("0.70").contains("applied 0.70");
    assertThat(chips.get(1).getAttribute("class")).contains("miss");
    assertThat(robust.findElement(By.cssSelector(".section-INFLUENCE .text")).getText()).contains("smears the edges");
    assertThat(robust.findElement(By.cssSelector(".section-REASONING .text")).getText()).contains("roof");
    assertThat(robust.findElement(By.cssSelector(".section-CONCLUSION .text")).getText()).isEqualTo("It is a house.");
    assertThat(robust.findElement(By.cssSelector(".answer")).getText()).isEqualTo("1");
    assertThat(robust.findElement(By.cssSelector(".raw")).getText()).contains("<ANSWER>1<ANSWER_END>");
    assertThat(robust.findElement(By.cssSelector(".length-text")).getText()).contains("target").contains("0.70");
    assertThat(robust.findElements(By.cssSelector(".problems li"))).isEmpty();

    WebElement base = column("baseline");
    assertThat(base.findElement(By.cssSelector(".raw")).getText()).isEqualTo("The answer is 2.");
    assertThat(base.findElement(By.cssSelector(".section-TYPE")).getAttribute("class")).contains("missing");
    assertThat(base.findElements(By.cssSelector(".problems li"))).isNotEmpty();

    driver.findElement(By.id("download-record")).click();
    Path record = dir.resolve("degradation_record.json");
    waitFor(Duration.ofSeconds(10), () -> Files.exists(record));
    assertThat(Files.readString(record)).contains("\"op\": \"motion_blur\"").contains("\"intensity\": 0.7");
    Files.write(Path.of("target", "serve-browser.png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theTinyQwenModelAnswersThroughThePage() throws Exception {
    Path ckpt = QwenServerTest.tinyCheckpoint(dir.resolve("tiny"), 11);
    open(Generator.of(Qwen25VlModel.load(ckpt), 2), null);
    driver.findElement(By.cssSelector("#examples button[data-id='scene-0']")).click();
    waitFor(Duration.ofSeconds(20), () -> driver.findElement(By.id("question")).getAttribute("value").startsWith("What is the color"));
    pickOp("gaussian_noise", 0.45);
    setValue("temperature", "0");
    setValue("max-tokens", "12");
    String model = driver.findElement(By.cssSelector("#models b")).getText();
    askAndWait(List.of(model), Duration.ofSeconds(60));
    WebElement col = column(model);
    assertThat(col.findElement(By.cssSelector(".state")).getText()).matches("\\d+ prompt tokens, \\d+ generated");
    // random weights: the answer is whatever the greedy pick repeats (here whitespace), but it streamed
    assertThat(col.findElement(By.cssSelector(".raw")).getAttribute("textContent")).isNotEmpty();
    assertThat(col.findElement(By.cssSelector(".section-ANSWER")).isDisplayed()).isTrue();
  }

  @Test
  void screenshotOfTrainedCheckpoints() throws Exception {
    String model = System.getProperty("robustr1.serve.screenshot.model");
    assumeTrue(model != null, "set -Drobustr1.serve.screenshot.model=DIR to make the README's screenshot");
    String baseline = System.getProperty("robustr1.serve.screenshot.baseline");
    Path out = Path.of(System.getProperty("robustr1.serve.screenshot", "target/serve.png"));
    open(Generator.of(Qwen25VlModel.load(Path.of(model)), "robust-r1 (demo SFT+GRPO)", 2),
        baseline == null ? null : Generator.of(Qwen25VlModel.load(Path.of(baseline)), "baseline (demo, answers only)", 2));
    driver.findElement(By.cssSelector("#examples button[data-id='scene-1']")).click();
    waitFor(Duration.ofSeconds(20), () -> driver.findElement(By.id("question")).getAttribute("value").startsWith("What is"));
    pickOp(System.getProperty("robustr1.serve.screenshot.op", "motion_blur"),
        Double.parseDouble(System.getProperty("robustr1.serve.screenshot.intensity", "0.6")));
    new Select(driver.findElement(By.id("instruction"))).selectByValue("train");
    setValue("temperature", "0");
    setValue("max-tokens", "256");
    List<String> models = driver.findElements(By.cssSelector("#models b")).stream().map(WebElement::getText).toList();
    askAndWait(models, Duration.ofMinutes(3));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
  }
}
