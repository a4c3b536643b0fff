package dev.darkroom.batch.duplicates;

import java.util.function.IntConsumer;

/**
 * Disjoint sets over members {@code 0..n-1} with union by size and path halving, the smallest asset
 * id of every set, and each set's members as a circular list, so a changed cluster can be walked
 * without scanning everyone. Not thread-safe.
 */
final class UnionFind {

  private final int[] parent;
  private final int[] size;
  private final int[] next;
  private final long[] smallest;

  /**
   * @param assetIds each member's asset id; every member starts alone
   */
  UnionFind(long[] assetIds) {
    int n = assetIds.length;
    parent = new int[n];
    size = new int[n];
    next = new int[n];
    smallest = assetIds.clone();
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
      next[i] = i;
    }
  }

  int find(int member) {
    int x = member;
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Unites the two members' sets; returns the root of the union. */
  int union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return ra;
    }
    if (size[ra] < size[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    size[ra] += size[rb];
    smallest[ra] = Math.min(smallest[ra], smallest[rb]);
    int t = next[ra];
    next[ra] = next[rb];
    next[rb] = t;
    return ra;
  }

  /** The smallest asset id in the member's set: the set's label. */
  long label(int member) {
    return smallest[find(member)];
  }

  int sizeOf(int member) {
    return size[find(member)];
  }

  /** Calls {@code action} for every member of the member's set. */
  void forEachInSet(int member, IntConsumer action) {
    int x = member;
    do {
      action.accept(x);
      x = next[x];
    } while (x != member);
  }
}
