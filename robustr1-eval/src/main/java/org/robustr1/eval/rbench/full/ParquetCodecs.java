package org.robustr1.eval.rbench.full;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop's codec classes (parquet-java's own factory builds a
 * Hadoop {@code Configuration}, which needs Hadoop's XML stack): uncompressed, Snappy (pyarrow's
 * and so Hugging Face's default), GZIP and ZSTD. Other codecs fail with a message naming them.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

  /** The shared instance (stateless). */
  public static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return BytesInput.from(compressBytes(codec, bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    check(codec);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        return BytesInput.from(decompressBytes(codec, bytes.toByteArray(), uncompressedSize));
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.get(in);
        output.put(decompressBytes(codec, in, uncompressedSize));
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private static void check(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> { }
      default -> throw new UnsupportedOperationException(
          "Parquet codec " + codec + " is not supported; rewrite the file with snappy, gzip, zstd or no compression");
    }
  }

  private static byte[] compressBytes(CompressionCodecName codec, byte[] in) throws IOException {
    return switch (codec) {
      case SNAPPY -> Snappy.compress(in);
      case ZSTD -> Zstd.compress(in);
      case GZIP -> {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
          gz.write(in);
        }
        yield bos.toByteArray();
      }
      default -> in;
    };
  }

  private static byte[] decompressBytes(CompressionCodecName codec, byte[] in, int size) throws IOException {
    byte[] out = switch (codec) {
      case SNAPPY -> Snappy.uncompress(in);
      case ZSTD -> Zstd.decompress(in, size);
      case GZIP -> {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
          yield gz.readAllBytes();
        }
      }
      default -> in;
    };
    if (out.length != size) {
      throw new IOException(codec + " page decompressed to " + out.length + " bytes, expected " + size);
    }
    return out;
  }
}
