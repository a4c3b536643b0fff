package dev.darkroom.storage.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Test payloads and hashing helpers. */
public final class Payloads {

  private Payloads() {}

  public static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  public static byte[] random(int size) {
    return random(size, System.nanoTime());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Reads the stream to its end and closes it, returning the SHA-256 hex and size. */
  public static Hashed hashOf(InputStream in) throws IOException {
    try (DigestInputStream digesting = new DigestInputStream(in, digest())) {
      long size = digesting.transferTo(OutputStream.nullOutputStream());
      return new Hashed(HexFormat.of().formatHex(digesting.getMessageDigest().digest()), size);
    }
  }

  public record Hashed(String sha256, long size) {}

  /**
   * A stream of pseudo-random bytes of a length the reader cannot know in advance, delivered in
   * odd-sized reads as a network stream would.
   */
  public static InputStream generated(long size, long seed) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private long remaining = size;

      @Override
      public int read() {
        if (remaining <= 0) {
          return -1;
        }
        remaining--;
        return random.nextInt(256);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, 65_537), remaining);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) random.nextInt(256);
        }
        remaining -= n;
        return n;
      }
    };
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
