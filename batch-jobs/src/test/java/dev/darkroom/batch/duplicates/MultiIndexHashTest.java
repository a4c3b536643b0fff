package dev.darkroom.batch.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The index finds exactly what comparing with every hash finds; clusters follow the threshold. */
class MultiIndexHashTest {

  @Test
  void findsExactlyTheHashesABruteForceSearchFinds() {
    // given random hashes with planted near copies (1..12 bits flipped)
    long[] hashes = planted(1500, 2, new Random(7));
    for (int radius : new int[] {0, 3, 8, 12}) {
      MultiIndexHash index = new MultiIndexHash(hashes, radius);
      for (int q = 0; q < hashes.length; q += 7) {
        // when one hash is looked up
        TreeSet<Integer> found = new TreeSet<>();
        index.query(hashes[q], found::add);
        // then it finds exactly the brute force's answer
        TreeSet<Integer> expected = new TreeSet<>();
        for (int j = 0; j < hashes.length; j++) {
          if (Long.bitCount(hashes[j] ^ hashes[q]) <= radius) {
            expected.add(j);
          }
        }
        assertThat(found).as("radius %d, query %d", radius, q).isEqualTo(expected);
      }
      // and the batch search reports the same pairs
      int[] all = new int[hashes.length];
      java.util.Arrays.setAll(all, i -> i);
      java.util.Set<Long> pairs = new java.util.HashSet<>();
      index.searchAll(all, (m, n) -> pairs.add(((long) m << 32) | n));
      long expectedPairs = 0;
      for (int i = 0; i < hashes.length; i++) {
        for (int j = 0; j < hashes.length; j++) {
          if (Long.bitCount(hashes[i] ^ hashes[j]) <= radius) {
            expectedPairs++;
            assertThat(pairs).contains(((long) i << 32) | j);
          }
        }
      }
      assertThat(pairs).hasSize((int) expectedPairs);
    }
  }

  @Test
  void plantedGroupsBecomeClustersAndTheirLabelIsTheSmallestAssetId() {
    // given groups of 5 copies of one hash, each copy at most 4 bits off its original
    Random random = new Random(11);
    long[] hashes = new long[1000];
    for (int g = 0; g < 200; g++) {
      long base = random.nextLong();
      for (int k = 0; k < 5; k++) {
        hashes[g * 5 + k] = flip(base, k == 0 ? 0 : 1 + random.nextInt(4), random);
      }
    }
    // when all are merged at threshold 8
    NearDuplicateClusters clusters = NearDuplicateClusters.of(hashes, 8);
    int count = clusters.mergeAll();
    // then there are the 200 groups (random hashes are ~32 bits apart)
    assertThat(count).isEqualTo(200);
    for (int g = 0; g < 200; g++) {
      for (int k = 0; k < 5; k++) {
        assertThat(clusters.label(g * 5 + k)).isEqualTo(g * 5L);
      }
    }
  }

  @Test
  void mergingNewMembersKeepsCommittedLabelsAndReportsOnlyChanges() {
    // given two committed clusters {10, 11} and {20, 21} and one new member near both
    long a = 0x0f0f_0f0f_0f0f_0f0fL;
    long b = a ^ 0xffL; // 8 bits from a
    long[] ids = {10, 11, 20, 21, 30};
    long[] hashes = {a, a ^ 1, b, b ^ 2, a ^ 0xfL}; // the new one: 4 from a, 4 from b
    long[] labels = {10, 10, 20, 20, 30};
    NearDuplicateClusters clusters = new NearDuplicateClusters(ids, hashes, labels, 4);
    // when only the new member is merged
    NearDuplicateClusters.LabelChanges changes = clusters.merge(new int[] {4});
    // then the two clusters join under the smallest id, and only moved members are reported
    assertThat(Arrays.asList(changes.assetIds())).containsExactlyInAnyOrder(20L, 21L, 30L);
    assertThat(Arrays.asList(changes.labels())).containsOnly(10L);
  }

  static long[] planted(int n, int copies, Random random) {
    long[] hashes = new long[n * (copies + 1)];
    for (int i = 0; i < n; i++) {
      long base = random.nextLong();
      hashes[i * (copies + 1)] = base;
      for (int c = 1; c <= copies; c++) {
        hashes[i * (copies + 1) + c] = flip(base, 1 + random.nextInt(12), random);
      }
    }
    return hashes;
  }

  static long flip(long hash, int bits, Random random) {
    long out = hash;
    int flipped = 0;
    while (flipped < bits) {
      long bit = 1L << random.nextInt(64);
      if (((out ^ hash) & bit) == 0) {
        out ^= bit;
        flipped++;
      }
    }
    return out;
  }
}
