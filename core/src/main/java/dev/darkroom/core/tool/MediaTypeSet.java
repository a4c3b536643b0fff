package dev.darkroom.core.tool;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The media types a tool accepts, as exact types ({@code image/jpeg}) or wildcards ({@code
 * image/*}, {@code *}{@code /*}). Matching ignores case and parameters ({@code ; charset=…}).
 *
 * @param patterns the patterns, lowercase; an empty set accepts nothing
 */
public record MediaTypeSet(Set<String> patterns) {

  public MediaTypeSet {
    Set<String> normalized = new TreeSet<>();
    for (String pattern : patterns) {
      String p = essence(pattern);
      int slash = p.indexOf('/');
      if (slash <= 0 || slash == p.length() - 1 || (p.startsWith("*/") && !p.equals("*/*"))) {
        throw new IllegalArgumentException("not a media type pattern: " + pattern);
      }
      normalized.add(p);
    }
    patterns = Set.copyOf(normalized);
  }

  public static MediaTypeSet of(String... patterns) {
    return new MediaTypeSet(Set.of(patterns));
  }

  /** Whether {@code mediaType} matches one of the patterns; a malformed type matches nothing. */
  public boolean accepts(String mediaType) {
    String type = essence(mediaType);
    int slash = type.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    return patterns.contains(type)
        || patterns.contains(type.substring(0, slash) + "/*")
        || patterns.contains("*/*");
  }

  private static String essence(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String bare = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return bare.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return String.join(", ", new TreeSet<>(patterns));
  }
}
