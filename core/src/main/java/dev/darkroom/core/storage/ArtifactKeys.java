package dev.darkroom.core.storage;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content addresses. A key is the SHA-256 hex of the content, fanned out by its first two bytes so
 * that no directory (or S3 listing page) holds millions of entries: {@code ab/cd/abcd…} (70
 * characters). Identical content therefore always has the same key and is stored once.
 */
public final class ArtifactKeys {

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}");
  private static final Pattern PREFIX =
      Pattern.compile(
          "[0-9a-f]{0,2}|[0-9a-f]{2}/[0-9a-f]{0,2}|[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{0,64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private ArtifactKeys() {}

  /** The key for a lower-case hex SHA-256. */
  public static String forSha256(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new InvalidArtifactKeyException(
          "not a lower-case hex SHA-256 (64 characters 0-9a-f): '" + sha256 + "'");
    }
    return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
  }

  /** The key for a raw SHA-256 digest. */
  public static String forDigest(byte[] digest) {
    return forSha256(HexFormat.of().formatHex(digest));
  }

  /** Returns the key unchanged if it is a well-formed content address, else throws. */
  public static String requireValid(String key) {
    if (key == null || !KEY.matcher(key).matches() || !key.startsWith(fanOut(key.substring(6)))) {
      throw new InvalidArtifactKeyException(
          "not an artifact key (expected ab/cd/<64 hex sha256 starting with abcd>): '" + key + "'");
    }
    return key;
  }

  /** Returns the prefix unchanged if it can be the start of a key, else throws. */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new InvalidArtifactKeyException(
          "not an artifact key prefix (hex digits and '/', e.g. 'ab/' or 'ab/cd/'): '"
              + prefix
              + "'");
    }
    return prefix;
  }

  public static boolean isValid(String key) {
    try {
      requireValid(key);
      return true;
    } catch (InvalidArtifactKeyException e) {
      return false;
    }
  }

  /** The SHA-256 a key addresses. */
  public static String sha256Of(String key) {
    return requireValid(key).substring(6);
  }

  private static String fanOut(String sha256) {
    return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/";
  }
}
