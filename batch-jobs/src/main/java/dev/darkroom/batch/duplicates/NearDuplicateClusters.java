package dev.darkroom.batch.duplicates;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The near-duplicate clusters of an index, in memory: members (asset id, 64-bit hash, current
 * cluster label), a {@link MultiIndexHash} over all hashes and a {@link UnionFind} started from the
 * labels already committed. {@link #merge} searches the neighbours of pending members and unites
 * them; what it returns is exactly what must be written back. The same code serves the aggregate
 * step (one bucket of pending members per transaction) and the benchmark. Not thread-safe.
 */
public final class NearDuplicateClusters {

  private final long[] assetIds;
  private final long[] hashes;
  private final long[] labels;
  private final UnionFind sets;
  private final MultiIndexHash index;

  /**
   * @param assetIds each member's asset id
   * @param hashes each member's perceptual hash
   * @param labels each member's committed cluster label (its own asset id while alone)
   * @param threshold the largest Hamming distance of two near-duplicates, 0..32
   */
  public NearDuplicateClusters(long[] assetIds, long[] hashes, long[] labels, int threshold) {
    if (assetIds.length != hashes.length || hashes.length != labels.length) {
      throw new IllegalArgumentException("asset ids, hashes and labels differ in length");
    }
    this.assetIds = assetIds;
    this.hashes = hashes;
    this.labels = labels.clone();
    this.sets = new UnionFind(assetIds);
    Map<Long, Integer> firstWithLabel = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != assetIds[i]) {
        Integer first = firstWithLabel.putIfAbsent(labels[i], i);
        if (first != null) {
          sets.union(first, i);
        }
      }
    }
    // The member a label names (the cluster's smallest asset id) joins its cluster too.
    for (int i = 0; i < assetIds.length; i++) {
      Integer first = firstWithLabel.get(assetIds[i]);
      if (first != null) {
        sets.union(first, i);
      }
    }
    this.index = new MultiIndexHash(hashes, threshold);
  }

  /** A fresh set of hashes, every member alone, asset ids 0..n-1: for benchmarks and tests. */
  public static NearDuplicateClusters of(long[] hashes, int threshold) {
    long[] ids = new long[hashes.length];
    Arrays.setAll(ids, i -> i);
    return new NearDuplicateClusters(ids, hashes, ids, threshold);
  }

  public int size() {
    return hashes.length;
  }

  /**
   * Searches the neighbours of each given member among all members and unites them.
   *
   * @param members positions of the members to merge
   * @return the members whose label changed, with their new labels
   */
  public LabelChanges merge(int[] members) {
    Set<Integer> roots = new HashSet<>();
    index.searchAll(
        members,
        (member, neighbour) -> {
          if (neighbour != member) {
            sets.union(member, neighbour);
          }
        });
    for (int member : members) {
      roots.add(sets.find(member));
    }
    LabelChanges changes = new LabelChanges();
    for (int root : roots) {
      long label = sets.label(root);
      sets.forEachInSet(
          root,
          m -> {
            if (labels[m] != label) {
              labels[m] = label;
              changes.add(assetIds[m], label);
            }
          });
    }
    return changes;
  }

  /** Merges every member; returns how many clusters of two or more members there are. */
  public int mergeAll() {
    int[] all = new int[hashes.length];
    Arrays.setAll(all, i -> i);
    merge(all);
    return clusterCount();
  }

  /** Clusters of two or more members. */
  public int clusterCount() {
    int clusters = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (sets.find(i) == i && sets.sizeOf(i) > 1) {
        clusters++;
      }
    }
    return clusters;
  }

  /** The member's current label. */
  public long label(int member) {
    return labels[member];
  }

  /** Calls {@code action} with every member of the member's cluster. */
  public void forEachInCluster(int member, IntConsumer action) {
    sets.forEachInSet(member, action);
  }

  /** Asset ids and the labels they moved to, in the order found. */
  public static final class LabelChanges {
    private long[] assetIds = new long[16];
    private long[] labels = new long[16];
    private int size;

    void add(long assetId, long label) {
      if (size == assetIds.length) {
        assetIds = Arrays.copyOf(assetIds, size * 2);
        labels = Arrays.copyOf(labels, size * 2);
      }
      assetIds[size] = assetId;
      labels[size] = label;
      size++;
    }

    public int size() {
      return size;
    }

    public Long[] assetIds() {
      Long[] out = new Long[size];
      for (int i = 0; i < size; i++) {
        out[i] = assetIds[i];
      }
      return out;
    }

    public Long[] labels() {
      Long[] out = new Long[size];
      for (int i = 0; i < size; i++) {
        out[i] = labels[i];
      }
      return out;
    }
  }
}
