package org.robustr1.degrade.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NumPy {@code .npy} files of little-endian float64 or float32, C order, as doubles. */
public final class Npy {

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");

  private Npy() {}

  /**
   * The values of a {@code .npy} file, flattened in C order.
   *
   * @throws IOException naming the file when it is not a supported {@code .npy}
   */
  public static double[] readDoubles(Path file) throws IOException {
    byte[] d = Files.readAllBytes(file);
    if (d.length < 10 || (d[0] & 0xFF) != 0x93 || !new String(d, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
      throw new IOException(file + ": not a .npy file (bad magic)");
    }
    int major = d[6] & 0xFF;
    ByteBuffer bb = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xFFFF;
      start = 10;
    } else {
      headerLen = bb.getInt(8);
      start = 12;
    }
    String header = new String(d, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher m = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    if (!m.find() || !f.find()) {
      throw new IOException(file + ": unreadable .npy header: " + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new IOException(file + ": Fortran-order .npy arrays are not supported");
    }
    int dataStart = start + headerLen;
    ByteBuffer data = ByteBuffer.wrap(d, dataStart, d.length - dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
    switch (m.group(1)) {
      case "<f8": {
        double[] out = new double[data.remaining() / 8];
        data.asDoubleBuffer().get(out);
        return out;
      }
      case "<f4": {
        float[] tmp = new float[data.remaining() / 4];
        data.asFloatBuffer().get(tmp);
        double[] out = new double[tmp.length];
        for (int k = 0; k < tmp.length; k++) {
          out[k] = tmp[k];
        }
        return out;
      }
      default:
        throw new IOException(file + ": unsupported .npy dtype " + m.group(1) + " (expected <f8 or <f4)");
    }
  }
}
