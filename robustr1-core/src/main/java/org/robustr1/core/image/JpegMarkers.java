package org.robustr1.core.image;

/**
 * What the JPEG markers say before decoding: the number of components of the frame, the Adobe
 * {@code APP14} colour transform, and whether the stream is complete (an end-of-image marker
 * after the last scan).
 *
 * @param components components of the first frame header (SOF), 0 when there is none
 * @param adobeTransform the Adobe transform (0 none/CMYK, 1 YCbCr, 2 YCCK), -1 without APP14
 * @param complete whether an EOI marker follows the last start-of-scan
 */
record JpegMarkers(int components, int adobeTransform, boolean complete) {

  static boolean isJpeg(byte[] d) {
    return d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF;
  }

  static JpegMarkers scan(byte[] d) {
    int components = 0;
    int adobe = -1;
    int i = 2;
    while (i + 4 <= d.length) {
      if ((d[i] & 0xFF) != 0xFF) {
        break;
      }
      int m = d[i + 1] & 0xFF;
      if (m == 0xFF) {
        i++;
        continue;
      }
      if (m == 0xD8 || m >= 0xD0 && m <= 0xD7 || m == 0x01) {
        i += 2;
        continue;
      }
      int len = (d[i + 2] & 0xFF) << 8 | (d[i + 3] & 0xFF);
      int body = i + 4;
      boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof && components == 0 && body + 5 < d.length) {
        components = d[body + 5] & 0xFF;
      }
      if (m == 0xEE && len >= 14 && body + 11 < d.length
          && d[body] == 'A' && d[body + 1] == 'd' && d[body + 2] == 'o' && d[body + 3] == 'b' && d[body + 4] == 'e') {
        adobe = d[body + 11] & 0xFF;
      }
      if (m == 0xDA) {
        break; // entropy-coded data follows; the frame header came before it
      }
      i += 2 + len;
    }
    return new JpegMarkers(components, adobe, complete(d));
  }

  /**
   * Inside entropy-coded data every 0xFF byte is stuffed ({@code FF 00}) or a restart marker, so
   * a start-of-scan marker ({@code FF DA}) cannot occur there: the stream is complete when an
   * end-of-image marker ({@code FF D9}) follows the last start-of-scan.
   */
  private static boolean complete(byte[] d) {
    int lastSos = -1;
    for (int i = d.length - 2; i >= 2; i--) {
      if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xDA) {
        lastSos = i;
        break;
      }
    }
    if (lastSos < 0) {
      return false;
    }
    for (int i = lastSos + 2; i < d.length - 1; i++) {
      if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }
}
