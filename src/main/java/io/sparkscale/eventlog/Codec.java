package io.sparkscale.eventlog;

import com.github.luben.zstd.ZstdInputStream;
import io.sparkscale.units.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4BlockInputStream;
import org.xerial.snappy.SnappyInputStream;

/**
 * The compressions an event log may carry. Spark names a compressed log after its codec's short name
 * (".zstd", ".lz4", ".snappy", ".lzf"); ".gz" and ".zst" come from people recompressing logs by hand.
 */
public enum Codec {
  PLAIN,
  GZIP,
  ZSTD,
  LZ4,
  SNAPPY;

  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] LZ4_MAGIC = "LZ4Block".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  // snappy-java's SnappyOutputStream header (Spark's SnappyCompressionCodec writes through it).
  private static final byte[] SNAPPY_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

  /** The codec a file name announces, or null when the name has no codec extension. */
  public static Codec byExtension(String fileName) {
    String name = stripInProgress(fileName).toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) return GZIP;
    if (name.endsWith(".zstd") || name.endsWith(".zst")) return ZSTD;
    if (name.endsWith(".lz4")) return LZ4;
    if (name.endsWith(".snappy")) return SNAPPY;
    if (name.endsWith(".lzf")) {
      throw new InvalidInputException(
          "--event-log: " + fileName + ": lzf-compressed logs are not supported; "
              + "use zstd, lz4, snappy, gzip or plain logs");
    }
    return null;
  }

  /** Spark writes "NAME.inprogress" while the application runs. */
  public static String stripInProgress(String fileName) {
    return fileName.endsWith(".inprogress")
        ? fileName.substring(0, fileName.length() - ".inprogress".length())
        : fileName;
  }

  /** Recognises a stream by its first bytes; anything else is taken as plain text. */
  static Codec sniff(BufferedInputStream in) throws IOException {
    in.mark(16);
    byte[] head = in.readNBytes(8);
    in.reset();
    if (startsWith(head, GZIP_MAGIC)) return GZIP;
    if (startsWith(head, ZSTD_MAGIC)) return ZSTD;
    if (startsWith(head, LZ4_MAGIC)) return LZ4;
    if (startsWith(head, SNAPPY_MAGIC)) return SNAPPY;
    return PLAIN;
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
  }

  /** Wraps the raw file stream in this codec's decompressor. */
  InputStream decode(InputStream raw) throws IOException {
    return switch (this) {
      case PLAIN -> raw;
      // GZIPInputStream reads concatenated members, as gzip(1) does.
      case GZIP -> new GZIPInputStream(raw, 64 * 1024);
      // ZstdInputStream goes on to the next frame at a frame's end, so concatenated frames work.
      case ZSTD -> new ZstdInputStream(raw);
      // stopOnEmptyBlock=false: read on past a stream's end marker into a concatenated one, as Spark does.
      case LZ4 -> LZ4BlockInputStream.newBuilder().withStopOnEmptyBlock(false).build(raw);
      case SNAPPY -> new SnappyInputStream(raw);
    };
  }
}
