package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.GoldenCases;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.replay.CaseFiles;
import org.robustr1.degrade.replay.DegradationCase;
import org.robustr1.degrade.replay.Replayer;
import org.robustr1.testing.SharedData;

/**
 * Replays every golden case of the real Robust-R1 ops from its recorded parameters and requires
 * bit-exact outputs; also checks that our sampler derives the same non-random values.
 */
class OfficialOpsParityTest {

  private static Path folder;
  private static List<Path> files;

  @BeforeAll
  static void locate() throws IOException {
    Assumptions.assumeTrue(GoldenCases.folder().isPresent(), SharedData.MISSING);
    folder = GoldenCases.folder().get();
    files = GoldenCases.caseFiles(folder);
  }

  private static final class Stats {
    int cases;
    int exact;
    int maxAbsDiff;
    long differing;
    long values;
  }

  @Test
  void allCasesReplayBitExact() throws IOException {
    assertThat(files).hasSizeGreaterThanOrEqualTo(150);
    Replayer replayer = new Replayer(folder);
    Map<String, Stats> perOp = new TreeMap<>();
    List<String> notExact = new ArrayList<>();
    for (Path f : files) {
      DegradationCase c = CaseFiles.read(f).get(0);
      Mat expected = ImageIo.readBgr(folder.resolve(c.outputFile()));
      Mat actual = replayer.replay(c);
      byte[] e = ImageIo.bytes(expected);
      byte[] a = ImageIo.bytes(actual);
      Stats s = perOp.computeIfAbsent(c.op(), k -> new Stats());
      s.cases++;
      assertThat(a.length).as(f.toString()).isEqualTo(e.length);
      int max = 0;
      long diff = 0;
      for (int k = 0; k < e.length; k++) {
        int d = Math.abs((e[k] & 0xFF) - (a[k] & 0xFF));
        if (d != 0) {
          diff++;
          max = Math.max(max, d);
        }
      }
      s.values += e.length;
      s.differing += diff;
      s.maxAbsDiff = Math.max(s.maxAbsDiff, max);
      if (diff == 0) {
        s.exact++;
      } else {
        notExact.add(f.getFileName() + " (" + c.op() + "): max " + max + ", " + diff + " values");
      }
      expected.release();
      actual.release();
    }
    StringBuilder report = new StringBuilder("per-op parity:\n");
    perOp.forEach(
        (op, s) ->
            report.append(
                String.format(
                    "  %-24s %2d/%2d exact, max|diff| %d, %.5f %% values differ%n",
                    op, s.exact, s.cases, s.maxAbsDiff, 100.0 * s.differing / s.values)));
    System.out.println(report);
    assertThat(perOp).hasSize(16);
    assertThat(notExact).as(report.toString()).isEmpty();
  }

  @Test
  void inputHashesMatchTheFixtures() throws Exception {
    for (Path f : files) {
      JsonNode n = ParamsCodec.MAPPER.readTree(f.toFile());
      Mat in = ImageIo.readBgr(folder.resolve(n.get("inputFile").asText()));
      assertThat(sha256(ImageIo.bytes(in))).as(f.toString()).isEqualTo(n.get("inputPixelsSha256").asText());
      in.release();
    }
  }

  @Test
  void motionBlurKernelEqualsRecordedKernel() throws Exception {
    for (Path f : files) {
      JsonNode n = ParamsCodec.MAPPER.readTree(f.toFile());
      if (!n.get("op").asText().equals("motion_blur")) {
        continue;
      }
      MotionBlur.Params p = OfficialOps.motionBlur().params(CaseFiles.read(f).get(0).params());
      Mat k = MotionBlur.kernel(p);
      double[] v = new double[p.degree() * p.degree()];
      k.get(0, 0, v);
      JsonNode rows = n.get("params").get("kernel");
      for (int r = 0; r < p.degree(); r++) {
        for (int c = 0; c < p.degree(); c++) {
          assertThat(v[r * p.degree() + c]).as(f + " [" + r + "][" + c + "]").isEqualTo(rows.get(r).get(c).asDouble());
        }
      }
    }
  }

  @Test
  void jpegStreamEqualsPythonStream() throws Exception {
    int checked = 0;
    for (Path f : files) {
      DegradationCase c = CaseFiles.read(f).get(0);
      if (!c.op().equals("jpeg_compression")) {
        continue;
      }
      Mat in = ImageIo.readBgr(folder.resolve(c.inputFile()));
      byte[] ours = JpegCompression.encode(in, new JpegCompression.Params(((Number) c.params().get("quality")).intValue()));
      byte[] theirs = Files.readAllBytes(folder.resolve((String) c.params().get("encodedFile")));
      assertThat(ours).as(f.toString()).isEqualTo(theirs);
      checked++;
    }
    assertThat(checked).isEqualTo(9);
  }

  /**
   * numpy's sin differs from Math.sin by up to 2 ulp in some rows; what matters is that the
   * float32 sampling maps built from our row distortion equal those built from the recorded one.
   */
  @Test
  void turbulenceSamplingMapsEqualRecordedOnes() throws Exception {
    int checked = 0;
    for (Path f : files) {
      DegradationCase c = CaseFiles.read(f).get(0);
      if (!c.op().equals("atmospheric_turbulence")) {
        continue;
      }
      int w = ParamsCodec.MAPPER.readTree(f.toFile()).get("width").asInt();
      AtmosphericTurbulence.Params p = (AtmosphericTurbulence.Params) OfficialOps.of(c.op()).params(c.params());
      @SuppressWarnings("unchecked")
      List<Number> rec = (List<Number>) c.params().get("rowDistortion");
      int h = rec.size();
      double[] ours = AtmosphericTurbulence.rowDistortion(p, h);
      for (int y = 0; y < h; y++) {
        double r = rec.get(y).doubleValue();
        assertThat(Math.abs(ours[y] - r)).as(f + " row " + y).isLessThanOrEqualTo(4 * Math.ulp(p.amplitude()));
        assertThat((float) Math.min(Math.max(y + ours[y] * 0.7, 0.0), h - 1))
            .as(f + " mapY row " + y)
            .isEqualTo((float) Math.min(Math.max(y + r * 0.7, 0.0), h - 1));
        for (int x = 0; x < w; x++) {
          assertThat((float) Math.min(Math.max(x + ours[y], 0.0), w - 1))
              .isEqualTo((float) Math.min(Math.max(x + r, 0.0), w - 1));
        }
      }
      checked++;
    }
    assertThat(checked).isEqualTo(9);
  }

  /** Our sampler derives every non-random value exactly as the reference did. */
  @Test
  void sampledDerivedValuesMatchTheReference() throws Exception {
    for (Path f : files) {
      JsonNode n = ParamsCodec.MAPPER.readTree(f.toFile());
      DegradationCase c = CaseFiles.read(f).get(0);
      DegradationOp<?> op = OfficialOps.of(c.op());
      OpParams ours = op.sample(c.intensity(), n.get("width").asInt(), n.get("height").asInt(), new SplittableRandom(7));
      Map<String, Object> mine = ours.toMap();
      Map<String, Object> ref = c.params();
      int compared = 0;
      for (Map.Entry<String, Object> e : mine.entrySet()) {
        String k = e.getKey();
        if (!ref.containsKey(k) || k.equals("angleDeg") || k.equals("noiseSeed") || k.equals("text")) {
          continue;
        }
        Object mv = e.getValue();
        Object rv = ref.get(k);
        if (mv instanceof List<?> ml && rv instanceof List<?> rl) {
          assertThat(ml).as(f + " " + k + " size").hasSameSizeAs(rl);
          if (k.equals("bandStartRows") || k.equals("color")) {
            assertThat(ml).as(f + " " + k).isEqualTo(rl);
          }
        } else if (mv instanceof Number mn && rv instanceof Number rn) {
          assertThat(mn.doubleValue()).as(f + " " + k).isEqualTo(rn.doubleValue());
        } else {
          assertThat(mv).as(f + " " + k).isEqualTo(rv);
        }
        compared++;
      }
      assertThat(compared).as(f.toString()).isGreaterThan(0);
      if (c.type() == DegradationType.GRAFFITI && c.params().get("text") instanceof Map<?, ?> t) {
        Graffiti.Text tt = ((Graffiti.Params) ours).text();
        assertThat(tt.fontScale()).isEqualTo(((Number) t.get("fontScale")).doubleValue());
        assertThat(tt.thickness()).isEqualTo(((Number) t.get("thickness")).intValue());
      }
    }
  }

  @Test
  void graffitiTextSizeMatchesGetTextSize() throws Exception {
    for (Path f : files) {
      DegradationCase c = CaseFiles.read(f).get(0);
      if (!c.op().equals("graffiti") || !(c.params().get("text") instanceof Map<?, ?> t)) {
        continue;
      }
      int[] base = new int[1];
      org.opencv.core.Size s =
          org.opencv.imgproc.Imgproc.getTextSize(
              (String) t.get("text"),
              org.opencv.imgproc.Imgproc.FONT_HERSHEY_SIMPLEX,
              ((Number) t.get("fontScale")).doubleValue(),
              ((Number) t.get("thickness")).intValue(),
              base);
      assertThat((int) s.width).isEqualTo(((Number) t.get("textWidth")).intValue());
      assertThat((int) s.height).isEqualTo(((Number) t.get("textHeight")).intValue());
      assertThat(base[0]).isEqualTo(((Number) t.get("baseline")).intValue());
    }
  }

  static String sha256(byte[] b) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(b);
    StringBuilder sb = new StringBuilder();
    for (byte x : d) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
