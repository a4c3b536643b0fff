package dev.darkroom.batch.duplicates;

import java.util.function.IntConsumer;

/**
 * Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index
 * Hashing", CVPR 2012) over 64-bit hashes: every hash within Hamming distance {@code r} of a query,
 * without comparing the query with every hash.
 *
 * <p>The 64 bits are cut into {@code m} disjoint substrings. Two hashes at most {@code r} apart
 * differ in at most {@code floor(r / m)} bits in at least one substring (pigeonhole), so a query
 * looks up, in each substring's table, every value within that radius of its own substring, and
 * checks only the hashes found there. Each substring has about {@code log2(n)} bits, so a table
 * bucket holds about one random hash and the work per query stays nearly constant as {@code n}
 * grows: building and querying all of {@code n} hashes is close to linear (ADR 0021). Tables are
 * arrays indexed by substring value (compressed rows), at most 2^22 entries each.
 *
 * <p>Immutable after construction; {@link #query} is not thread-safe (it reuses a marker array).
 */
final class MultiIndexHash {

  private final long[] hashes;
  private final int radius;
  private final int perSubstring;
  private final int[] shifts;
  private final int[] widths;
  private final int[][] offsets;
  private final int[][] ids;
  private final long[][] rowHashes;
  private final int[] seen;
  private int stamp;

  /**
   * @param hashes the indexed hashes; ids reported by {@link #query} are positions in this array
   * @param radius the largest Hamming distance queries will ask for, 0..32
   */
  MultiIndexHash(long[] hashes, int radius) {
    if (radius < 0 || radius > 32) {
      throw new IllegalArgumentException("radius must be 0..32, was " + radius);
    }
    this.hashes = hashes;
    this.radius = radius;
    int m = substrings(hashes.length, radius);
    this.perSubstring = radius / m;
    this.shifts = new int[m];
    this.widths = new int[m];
    int start = 0;
    for (int i = 0; i < m; i++) {
      int width = 64 / m + (i < 64 % m ? 1 : 0);
      shifts[i] = start;
      widths[i] = width;
      start += width;
    }
    this.offsets = new int[m][];
    this.ids = new int[m][];
    this.rowHashes = new long[m][];
    for (int i = 0; i < m; i++) {
      build(i);
    }
    this.seen = new int[hashes.length];
  }

  /**
   * How many substrings: about 64 / log2(n) (bits per substring ~ log2 n), at least 3 (so a table
   * has at most 2^22 slots), at most {@code radius + 1} (beyond it the radius per substring is 0
   * anyway and more tables only cost lookups).
   */
  static int substrings(int n, int radius) {
    double log2 = Math.log(Math.max(n, 2)) / Math.log(2);
    int m = (int) Math.round(64 / Math.max(log2, 1));
    return Math.max(3, Math.min(m, Math.max(radius + 1, 3)));
  }

  private void build(int substring) {
    int width = widths[substring];
    int[] count = new int[(1 << width) + 1];
    for (long hash : hashes) {
      count[value(hash, substring) + 1]++;
    }
    for (int v = 0; v < (1 << width); v++) {
      count[v + 1] += count[v];
    }
    int[] fill = count.clone();
    int[] rows = new int[hashes.length];
    for (int id = 0; id < hashes.length; id++) {
      rows[fill[value(hashes[id], substring)]++] = id;
    }
    long[] hashesInRows = new long[rows.length];
    for (int k = 0; k < rows.length; k++) {
      hashesInRows[k] = hashes[rows[k]];
    }
    offsets[substring] = count;
    ids[substring] = rows;
    rowHashes[substring] = hashesInRows;
  }

  private int value(long hash, int substring) {
    return (int) ((hash >>> shifts[substring]) & ((1L << widths[substring]) - 1));
  }

  /** Number of indexed hashes. */
  int size() {
    return hashes.length;
  }

  /**
   * Calls {@code found} once for every indexed hash (by id) at Hamming distance at most {@code
   * radius} from {@code query}, the query's own entry included if it is indexed.
   */
  void query(long query, IntConsumer found) {
    if (++stamp == 0) {
      java.util.Arrays.fill(seen, 0);
      stamp = 1;
    }
    for (int substring = 0; substring < widths.length; substring++) {
      visit(query, substring, value(query, substring), 0, perSubstring, found);
    }
  }

  /** Receives pairs of ids. */
  @FunctionalInterface
  interface PairConsumer {
    void accept(int member, int neighbour);
  }

  /**
   * Calls {@code pair} for every given member and every indexed hash within {@code radius} of it
   * (the member itself included). A pair may be reported more than once: once for each substring
   * the two agree in closely enough, and from both sides when both are given; callers that unite
   * sets do not mind. Faster than {@link #query} for many members: per substring the members are
   * taken in the order of their substring value, so consecutive lookups fall on neighbouring table
   * entries and stay in the processor's caches, and candidates are checked against hashes stored
   * beside the ids, without a random read each.
   */
  void searchAll(int[] members, PairConsumer pair) {
    long[] keyed = new long[members.length];
    for (int substring = 0; substring < widths.length; substring++) {
      for (int k = 0; k < members.length; k++) {
        keyed[k] = ((long) value(hashes[members[k]], substring) << 32) | members[k];
      }
      java.util.Arrays.sort(keyed);
      for (long entry : keyed) {
        int member = (int) entry;
        int value = (int) (entry >>> 32);
        scan(substring, hashes[member], member, value, 0, perSubstring, pair);
      }
    }
  }

  private void scan(
      int substring,
      long query,
      int member,
      int value,
      int fromBit,
      int flipsLeft,
      PairConsumer pair) {
    int[] rowOffsets = offsets[substring];
    long[] rows = rowHashes[substring];
    int end = rowOffsets[value + 1];
    for (int k = rowOffsets[value]; k < end; k++) {
      if (Long.bitCount(rows[k] ^ query) <= radius) {
        pair.accept(member, ids[substring][k]);
      }
    }
    if (flipsLeft == 0) {
      return;
    }
    for (int bit = fromBit; bit < widths[substring]; bit++) {
      scan(substring, query, member, value ^ (1 << bit), bit + 1, flipsLeft - 1, pair);
    }
  }

  /** Looks up {@code value} and, recursively, every value a few more bit flips away. */
  private void visit(
      long query, int substring, int value, int fromBit, int flipsLeft, IntConsumer found) {
    int[] rowOffsets = offsets[substring];
    int[] rows = ids[substring];
    for (int k = rowOffsets[value]; k < rowOffsets[value + 1]; k++) {
      int id = rows[k];
      if (seen[id] != stamp) {
        seen[id] = stamp;
        if (Long.bitCount(hashes[id] ^ query) <= radius) {
          found.accept(id);
        }
      }
    }
    if (flipsLeft == 0) {
      return;
    }
    for (int bit = fromBit; bit < widths[substring]; bit++) {
      visit(query, substring, value ^ (1 << bit), bit + 1, flipsLeft - 1, found);
    }
  }
}
