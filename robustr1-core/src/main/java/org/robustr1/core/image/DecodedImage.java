package org.robustr1.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded image in one of Pillow's modes, as {@code PIL.Image.open} holds it, with Pillow's
 * conversions to RGB: {@code convert("RGB")} ({@link #toRgb()}) and Hugging Face's {@code
 * convert_to_rgb} ({@link #toRgbOverWhite()}: RGB kept, anything else converted to RGBA and
 * alpha-composited onto white). The arithmetic is Pillow 9.4's {@code Convert.c} and {@code
 * AlphaComposite.c}, integer for integer.
 */
final class DecodedImage {

  /** Pillow's image modes that decoding produces. */
  enum Mode {
    /** 1-bit, stored as 0 / 255. */
    ONE,
    /** 8-bit grey. */
    L,
    /** 32-bit integer grey (16-bit PNGs), stored as int. */
    I,
    /** 8-bit palette indices with an RGBA palette. */
    P,
    /** grey and alpha. */
    LA,
    RGB,
    RGBA,
    /** CMYK as Pillow holds it (Adobe-inverted JPEG data already inverted back). */
    CMYK;

    int bytesPerPixel() {
      return switch (this) {
        case ONE, L, P -> 1;
        case LA -> 2;
        case RGB -> 3;
        case RGBA, CMYK -> 4;
        case I -> 0;
      };
    }
  }

  final Mode mode;
  final int width;
  final int height;
  /** Interleaved samples for every mode but {@link Mode#I}. */
  final byte[] bytes;
  /** Samples of {@link Mode#I}. */
  final int[] ints;
  /** {@link Mode#P}: 256 entries {@code 0xAARRGGBB}. */
  final int[] palette;
  /**
   * PNG {@code tRNS} of a non-palette image as Pillow keeps it in {@code info["transparency"]}:
   * one grey value, or r, g, b; null when absent.
   */
  final int[] transparency;

  DecodedImage(Mode mode, int width, int height, byte[] bytes, int[] ints, int[] palette, int[] transparency) {
    this.mode = mode;
    this.width = width;
    this.height = height;
    this.bytes = bytes;
    this.ints = ints;
    this.palette = palette;
    this.transparency = transparency;
  }

  /** Pillow's default palette: a grey ramp, opaque (entries a {@code PLTE} does not set). */
  static int[] rampPalette() {
    int[] p = new int[256];
    for (int i = 0; i < 256; i++) {
      p[i] = 0xFF000000 | i << 16 | i << 8 | i;
    }
    return p;
  }

  /** {@code convert("RGB")}: alpha and transparency dropped, 16-bit grey clipped to 255. */
  RgbImage toRgb() {
    int n = width * height;
    byte[] out = new byte[n * 3];
    switch (mode) {
      case RGB -> System.arraycopy(bytes, 0, out, 0, out.length);
      case CMYK -> {
        for (int i = 0; i < n; i++) {
          int nk = 255 - (bytes[4 * i + 3] & 0xFF);
          for (int c = 0; c < 3; c++) {
            out[3 * i + c] = (byte) clip8(nk - mulDiv255(bytes[4 * i + c] & 0xFF, nk));
          }
        }
      }
      default -> {
        int[] rgba = new int[4];
        for (int i = 0; i < n; i++) {
          pixel(i, rgba);
          out[3 * i] = (byte) rgba[0];
          out[3 * i + 1] = (byte) rgba[1];
          out[3 * i + 2] = (byte) rgba[2];
        }
      }
    }
    return new RgbImage(width, height, out);
  }

  /**
   * Hugging Face's {@code convert_to_rgb}: an RGB image as it is; any other mode converted to
   * RGBA (palette alpha, {@code tRNS} made transparent) and composited onto opaque white with
   * {@code Image.alpha_composite}.
   */
  RgbImage toRgbOverWhite() {
    if (mode == Mode.RGB || mode == Mode.CMYK) {
      return toRgb(); // CMYK -> RGBA is opaque
    }
    int n = width * height;
    byte[] out = new byte[n * 3];
    int[] rgba = new int[4];
    for (int i = 0; i < n; i++) {
      pixel(i, rgba);
      int a = rgba[3];
      for (int c = 0; c < 3; c++) {
        out[3 * i + c] = (byte) overWhite(rgba[c], a);
      }
    }
    return new RgbImage(width, height, out);
  }

  /** Pixel {@code i} as Pillow's {@code convert("RGBA")} gives it. */
  private void pixel(int i, int[] rgba) {
    switch (mode) {
      case ONE, L -> {
        int v = bytes[i] & 0xFF;
        grey(v, rgba);
      }
      case I -> grey(clip8(ints[i]), rgba);
      case P -> {
        int p = palette[bytes[i] & 0xFF];
        rgba[0] = p >> 16 & 0xFF;
        rgba[1] = p >> 8 & 0xFF;
        rgba[2] = p & 0xFF;
        rgba[3] = p >>> 24;
      }
      case LA -> {
        int v = bytes[2 * i] & 0xFF;
        rgba[0] = v;
        rgba[1] = v;
        rgba[2] = v;
        rgba[3] = bytes[2 * i + 1] & 0xFF;
      }
      case RGB -> {
        rgba[0] = bytes[3 * i] & 0xFF;
        rgba[1] = bytes[3 * i + 1] & 0xFF;
        rgba[2] = bytes[3 * i + 2] & 0xFF;
        rgba[3] = 255;
      }
      case RGBA -> {
        rgba[0] = bytes[4 * i] & 0xFF;
        rgba[1] = bytes[4 * i + 1] & 0xFF;
        rgba[2] = bytes[4 * i + 2] & 0xFF;
        rgba[3] = bytes[4 * i + 3] & 0xFF;
      }
      case CMYK -> throw new AssertionError("CMYK is converted directly");
      default -> throw new AssertionError(mode);
    }
  }

  /**
   * A grey value as RGBA; with a {@code tRNS} grey, Pillow's {@code rgbT2rgba} makes pixels
   * equal to {@code trns & 0xFF} (after conversion) transparent.
   */
  private void grey(int v, int[] rgba) {
    rgba[0] = v;
    rgba[1] = v;
    rgba[2] = v;
    rgba[3] = transparency != null && v == (transparency[0] & 0xFF) ? 0 : 255;
  }

  /** {@code Image.alpha_composite(white, rgba)}'s colour channel (PRECISION_BITS 7). */
  static int overWhite(int c, int a) {
    if (a == 0) {
      return 255;
    }
    // blend = 255·(255−a), outa255 = a·255 + blend = 255·255, so coef1 = a·128 exactly
    int coef1 = a * 128;
    int coef2 = 255 * 128 - coef1;
    int tmp = c * coef1 + 255 * coef2 + (0x80 << 7);
    return (((tmp >> 8) + tmp) >> 8) >> 7;
  }

  private static int mulDiv255(int a, int b) {
    int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
  }

  private static int clip8(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /**
   * The image a Java decoder produced, in the Pillow mode that Pillow opens the same file in:
   * palettes stay palettes, grey rasters are copied without colour conversion ({@code getRGB}
   * would map linear grey to sRGB), 16-bit grey stays 16-bit, alpha stays alpha; colour models
   * with no Pillow counterpart fall back to {@code getRGB}.
   */
  static DecodedImage of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int n = w * h;
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    int bands = r.getNumBands();
    if (cm instanceof IndexColorModel icm && bands == 1) {
      int[] pal = rampPalette();
      int size = Math.min(256, icm.getMapSize());
      for (int i = 0; i < size; i++) {
        pal[i] = icm.getRGB(i);
      }
      int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
      byte[] px = new byte[n];
      for (int i = 0; i < n; i++) {
        px[i] = (byte) idx[i];
      }
      return new DecodedImage(Mode.P, w, h, px, null, pal, null);
    }
    boolean plain =
        (cm instanceof ComponentColorModel || cm instanceof DirectColorModel) && !cm.isAlphaPremultiplied();
    boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    boolean rgb = cm.getColorSpace().getType() == ColorSpace.TYPE_RGB;
    if (plain && gray && (bands == 1 || bands == 2 && cm.hasAlpha())) {
      int[] v = r.getSamples(0, 0, w, h, 0, (int[]) null);
      if (bands == 1 && r.getSampleModel().getSampleSize(0) > 8) {
        return new DecodedImage(Mode.I, w, h, null, v, null, null);
      }
      int shift = Math.max(0, r.getSampleModel().getSampleSize(0) - 8);
      if (bands == 1) {
        byte[] px = new byte[n];
        for (int i = 0; i < n; i++) {
          px[i] = (byte) (v[i] >> shift);
        }
        return new DecodedImage(Mode.L, w, h, px, null, null, null);
      }
      int[] a = r.getSamples(0, 0, w, h, 1, (int[]) null);
      byte[] px = new byte[2 * n];
      for (int i = 0; i < n; i++) {
        px[2 * i] = (byte) (v[i] >> shift);
        px[2 * i + 1] = (byte) (a[i] >> shift);
      }
      return new DecodedImage(Mode.LA, w, h, px, null, null, null);
    }
    if (plain && rgb && (bands == 3 || bands == 4 && cm.hasAlpha())
        && r.getSampleModel().getSampleSize(0) <= 16) {
      int shift = Math.max(0, r.getSampleModel().getSampleSize(0) - 8);
      byte[] px = new byte[bands * n];
      for (int b = 0; b < bands; b++) {
        int[] v = r.getSamples(0, 0, w, h, b, (int[]) null);
        for (int i = 0; i < n; i++) {
          px[bands * i + b] = (byte) (v[i] >> shift);
        }
      }
      return new DecodedImage(bands == 3 ? Mode.RGB : Mode.RGBA, w, h, px, null, null, null);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] px = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      px[4 * i] = (byte) (argb[i] >> 16);
      px[4 * i + 1] = (byte) (argb[i] >> 8);
      px[4 * i + 2] = (byte) argb[i];
      px[4 * i + 3] = (byte) (argb[i] >>> 24);
    }
    return new DecodedImage(cm.hasAlpha() ? Mode.RGBA : Mode.RGB, w, h,
        cm.hasAlpha() ? px : dropAlpha(px, n), null, null, null);
  }

  private static byte[] dropAlpha(byte[] rgba, int n) {
    byte[] out = new byte[3 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rgba, 4 * i, out, 3 * i, 3);
    }
    return out;
  }
}
