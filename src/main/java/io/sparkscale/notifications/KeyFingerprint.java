package io.sparkscale.notifications;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 128-bit fingerprint of an object key (MurmurHash3 x64 128 of its UTF-8 bytes), stored instead of the
 * key: 16 bytes whatever the key's length (S3 keys may be 1,024 bytes). Two distinct keys share a
 * fingerprint with probability about n^2 / 2^129: for 10 million keys about 1.5e-25, far below the odds
 * of a bit flip in the memory holding them.
 */
public record KeyFingerprint(long high, long low) {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  public static KeyFingerprint of(String key) {
    return of(key.getBytes(StandardCharsets.UTF_8));
  }

  public static KeyFingerprint of(byte[] data) {
    int length = data.length;
    long h1 = 0;
    long h2 = 0;
    int blocks = length / 16;
    for (int i = 0; i < blocks; i++) {
      long k1 = (long) LONG_LE.get(data, i * 16);
      long k2 = (long) LONG_LE.get(data, i * 16 + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks * 16;
    long k1 = 0;
    long k2 = 0;
    int rest = length & 15;
    for (int i = rest - 1; i >= 8; i--) {
      k2 = (k2 << 8) | (data[tail + i] & 0xffL);
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 = (k1 << 8) | (data[tail + i] & 0xffL);
    }
    if (rest > 8) {
      h2 ^= mixK2(k2);
    }
    if (rest > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = finalMix(h1);
    h2 = finalMix(h2);
    h1 += h2;
    h2 += h1;
    return new KeyFingerprint(h1, h2);
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long finalMix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
