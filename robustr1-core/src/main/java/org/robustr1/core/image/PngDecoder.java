package org.robustr1.core.image;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG decoder that yields exactly what {@code PIL.Image.open} holds ({@code PngImagePlugin}'s
 * mode table): grey 1 bit as mode 1, 2 and 4 bits scaled to 8 ({@code L;2}, {@code L;4}), 16-bit
 * grey as mode I (not scaled), 16-bit colour and alpha reduced to their high bytes, palettes with
 * the {@code tRNS} alpha, and a grey or RGB {@code tRNS} kept as transparency. Adam7 interlacing
 * is supported. The size is checked from {@code IHDR} before anything is allocated; chunks before
 * the image data must have valid CRCs; image data that ends before the last row is refused as
 * truncated.
 */
final class PngDecoder {

  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

  /** Adam7: x0, y0, dx, dy per pass. */
  private static final int[][] ADAM7 = {
    {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
  };

  private PngDecoder() {}

  static boolean isPng(byte[] d) {
    if (d.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (d[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Width and height from {@code IHDR}. */
  static int[] size(byte[] d, String source) throws ImageReadException {
    ByteBuffer b = ByteBuffer.wrap(d);
    if (d.length < 8 + 8 + 13 || b.getInt(8) != 13 || b.getInt(12) != type("IHDR")) {
      throw new ImageReadException(source, "corrupt PNG: no IHDR chunk");
    }
    long w = b.getInt(16) & 0xFFFFFFFFL;
    long h = b.getInt(20) & 0xFFFFFFFFL;
    if (w == 0 || h == 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
      throw new ImageReadException(source, "corrupt PNG: image size " + w + "x" + h);
    }
    return new int[] {(int) w, (int) h};
  }

  private static int type(String t) {
    return t.charAt(0) << 24 | t.charAt(1) << 16 | t.charAt(2) << 8 | t.charAt(3);
  }

  static DecodedImage decode(byte[] d, String source, long maxPixels) throws ImageReadException {
    int[] wh = size(d, source);
    ImageDecoder.checkPixels(source, wh[0], wh[1], maxPixels);
    int w = wh[0];
    int h = wh[1];
    ByteBuffer b = ByteBuffer.wrap(d);
    int bitDepth = d[24] & 0xFF;
    int colorType = d[25] & 0xFF;
    if (d[26] != 0 || d[27] != 0 || (d[28] & 0xFF) > 1) {
      throw new ImageReadException(source, "corrupt PNG: unknown compression, filter or interlace method");
    }
    boolean interlaced = d[28] == 1;
    int channels = switch (colorType) {
      case 0, 3 -> 1;
      case 2 -> 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> throw new ImageReadException(source, "corrupt PNG: colour type " + colorType);
    };
    boolean depthOk = switch (colorType) {
      case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      default -> bitDepth == 8 || bitDepth == 16;
    };
    if (!depthOk) {
      throw new ImageReadException(source, "corrupt PNG: bit depth " + bitDepth + " with colour type " + colorType);
    }
    byte[] plte = null;
    byte[] trns = null;
    java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
    boolean seenIdat = false;
    int pos = 8;
    while (pos + 8 <= d.length) {
      long len = b.getInt(pos) & 0xFFFFFFFFL;
      int t = b.getInt(pos + 4);
      int start = pos + 8;
      boolean whole = start + len + 4 <= d.length;
      if (t == type("IDAT")) {
        seenIdat = true;
        idat.write(d, start, (int) Math.min(len, d.length - start));
      } else if (!seenIdat) {
        if (!whole) {
          throw new ImageReadException(source, "truncated PNG: the file ends inside a chunk before the image data");
        }
        CRC32 crc = new CRC32();
        crc.update(d, pos + 4, (int) len + 4);
        if ((int) crc.getValue() != b.getInt(start + (int) len)) {
          throw new ImageReadException(source, "corrupt PNG: bad CRC in chunk " + new String(d, pos + 4, 4,
              java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        if (t == type("PLTE")) {
          plte = java.util.Arrays.copyOfRange(d, start, start + (int) len);
        } else if (t == type("tRNS")) {
          trns = java.util.Arrays.copyOfRange(d, start, start + (int) len);
        }
      } else if (t == type("IEND")) {
        break;
      }
      if (!whole) {
        break;
      }
      pos = start + (int) len + 4;
    }
    if (!seenIdat) {
      throw new ImageReadException(source, "truncated PNG: no image data (IDAT)");
    }
    if (colorType == 3 && plte == null) {
      throw new ImageReadException(source, "corrupt PNG: palette image without PLTE chunk");
    }
    int bitsPerPixel = channels * bitDepth;
    long total = 0;
    for (int[] p : passes(interlaced)) {
      long pw = passSize(w, p[0], p[2]);
      long ph = passSize(h, p[1], p[3]);
      if (pw > 0 && ph > 0) {
        total += ph * (1 + (pw * bitsPerPixel + 7) / 8);
      }
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new ImageReadException(source, "PNG image data of " + total + " bytes is too large to decode");
    }
    byte[] raw = new byte[(int) total];
    Inflater inf = new Inflater();
    try {
      inf.setInput(idat.toByteArray());
      int off = 0;
      while (off < raw.length) {
        int n = inf.inflate(raw, off, raw.length - off);
        off += n;
        if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
          break;
        }
      }
      if (off < raw.length) {
        throw new ImageReadException(source, "truncated PNG: the image data ends after " + off + " of "
            + raw.length + " bytes");
      }
    } catch (DataFormatException e) {
      throw new ImageReadException(source, "corrupt PNG image data: " + e.getMessage());
    } finally {
      inf.end();
    }
    Target out = new Target(colorType, bitDepth, w, h, plte, trns, source);
    int bpp = Math.max(1, bitsPerPixel / 8);
    int off = 0;
    for (int[] p : passes(interlaced)) {
      int pw = (int) passSize(w, p[0], p[2]);
      int ph = (int) passSize(h, p[1], p[3]);
      if (pw == 0 || ph == 0) {
        continue;
      }
      int rowBytes = (int) (((long) pw * bitsPerPixel + 7) / 8);
      byte[] prev = new byte[rowBytes];
      byte[] cur = new byte[rowBytes];
      for (int y = 0; y < ph; y++) {
        int filter = raw[off] & 0xFF;
        System.arraycopy(raw, off + 1, cur, 0, rowBytes);
        off += 1 + rowBytes;
        unfilter(filter, cur, prev, bpp, source);
        int dy = p[1] + y * p[3];
        for (int x = 0; x < pw; x++) {
          out.set(cur, x, dy * w + p[0] + x * p[2]);
        }
        byte[] t = prev;
        prev = cur;
        cur = t;
      }
    }
    return out.image();
  }

  private static int[][] passes(boolean interlaced) {
    return interlaced ? ADAM7 : new int[][] {{0, 0, 1, 1}};
  }

  private static long passSize(int size, int start, int step) {
    return size <= start ? 0 : (size - start + step - 1) / step;
  }

  private static void unfilter(int filter, byte[] cur, byte[] prev, int bpp, String source)
      throws ImageReadException {
    int n = cur.length;
    switch (filter) {
      case 0 -> { }
      case 1 -> {
        for (int i = bpp; i < n; i++) {
          cur[i] += cur[i - bpp];
        }
      }
      case 2 -> {
        for (int i = 0; i < n; i++) {
          cur[i] += prev[i];
        }
      }
      case 3 -> {
        for (int i = 0; i < n; i++) {
          int left = i >= bpp ? cur[i - bpp] & 0xFF : 0;
          cur[i] += (byte) ((left + (prev[i] & 0xFF)) >> 1);
        }
      }
      case 4 -> {
        for (int i = 0; i < n; i++) {
          int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
          int bb = prev[i] & 0xFF;
          int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
          int p = a + bb - c;
          int pa = Math.abs(p - a);
          int pb = Math.abs(p - bb);
          int pc = Math.abs(p - c);
          cur[i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? bb : c);
        }
      }
      default -> throw new ImageReadException(source, "corrupt PNG: unknown row filter " + filter);
    }
  }

  /** Where decoded pixels go, in Pillow's mode for the colour type and bit depth. */
  private static final class Target {
    private final int colorType;
    private final int bitDepth;
    private final DecodedImage.Mode mode;
    private final int w;
    private final int h;
    private final byte[] bytes;
    private final int[] ints;
    private final int[] palette;
    private final int[] transparency;
    private final int bpp;

    Target(int colorType, int bitDepth, int w, int h, byte[] plte, byte[] trns, String source)
        throws ImageReadException {
      this.colorType = colorType;
      this.bitDepth = bitDepth;
      this.w = w;
      this.h = h;
      long n = (long) w * h;
      this.mode = switch (colorType) {
        case 0 -> bitDepth == 1 ? DecodedImage.Mode.ONE : bitDepth == 16 ? DecodedImage.Mode.I : DecodedImage.Mode.L;
        case 2 -> DecodedImage.Mode.RGB;
        case 3 -> DecodedImage.Mode.P;
        case 4 -> DecodedImage.Mode.LA;
        default -> DecodedImage.Mode.RGBA;
      };
      this.bpp = mode.bytesPerPixel();
      if (n * Math.max(bpp, 4) > Integer.MAX_VALUE - 8) {
        throw new ImageReadException(source, "a " + w + "x" + h + " image is too large to decode");
      }
      this.bytes = mode == DecodedImage.Mode.I ? null : new byte[(int) n * bpp];
      this.ints = mode == DecodedImage.Mode.I ? new int[(int) n] : null;
      if (colorType == 3) {
        palette = DecodedImage.rampPalette();
        for (int i = 0; i < Math.min(256, plte.length / 3); i++) {
          palette[i] = 0xFF000000 | (plte[3 * i] & 0xFF) << 16 | (plte[3 * i + 1] & 0xFF) << 8 | (plte[3 * i + 2] & 0xFF);
        }
        if (trns != null) {
          for (int i = 0; i < Math.min(256, trns.length); i++) {
            palette[i] = (palette[i] & 0xFFFFFF) | (trns[i] & 0xFF) << 24;
          }
        }
        transparency = null;
      } else {
        palette = null;
        if (trns != null && colorType == 0 && trns.length >= 2) {
          transparency = new int[] {(trns[0] & 0xFF) << 8 | (trns[1] & 0xFF)};
        } else if (trns != null && colorType == 2 && trns.length >= 6) {
          transparency = new int[] {
            (trns[0] & 0xFF) << 8 | (trns[1] & 0xFF), (trns[2] & 0xFF) << 8 | (trns[3] & 0xFF),
            (trns[4] & 0xFF) << 8 | (trns[5] & 0xFF)};
        } else {
          transparency = null;
        }
      }
    }

    /** Copies pixel {@code x} of an unfiltered row to pixel index {@code dst}. */
    void set(byte[] row, int x, int dst) {
      if (bitDepth < 8) {
        int bit = x * bitDepth;
        int v = (row[bit >> 3] & 0xFF) >> (8 - bitDepth - (bit & 7)) & ((1 << bitDepth) - 1);
        bytes[dst] = (byte) (colorType == 3 ? v : v * (255 / ((1 << bitDepth) - 1)));
        return;
      }
      int channels = colorType == 0 || colorType == 3 ? 1 : colorType == 2 ? 3 : colorType == 4 ? 2 : 4;
      if (bitDepth == 8) {
        System.arraycopy(row, x * channels, bytes, dst * channels, channels);
      } else if (ints != null) {
        ints[dst] = (row[2 * x] & 0xFF) << 8 | (row[2 * x + 1] & 0xFF);
      } else {
        for (int c = 0; c < channels; c++) {
          bytes[dst * channels + c] = row[2 * (x * channels + c)];
        }
      }
    }

    DecodedImage image() {
      return new DecodedImage(mode, w, h, bytes, ints, palette, transparency);
    }
  }
}
