package dev.darkroom.core.duplicates;

/**
 * Every member of one duplicate index, ordered by asset id, as parallel arrays (a million members
 * are 32 MB this way, several times that as objects).
 *
 * @param assetIds ascending
 * @param hashes each member's 64-bit perceptual hash
 * @param labels each member's committed cluster label
 * @param buckets each member's bucket (the hash's top 8 bits)
 * @param pending whether the member's neighbours are still to be searched
 */
public record IndexMembers(
    long[] assetIds, long[] hashes, long[] labels, int[] buckets, boolean[] pending) {

  public int size() {
    return assetIds.length;
  }
}
