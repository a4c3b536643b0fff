package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartitionSizingTest {

  private final PartitionSizing defaults = PartitionSizing.adaptive(2000, 20);

  @ParameterizedTest(name = "{0} units on {1} slots: {2} partitions of {3}")
  @CsvSource({
    "0, 2, 0, 20",
    "12, 4, 1, 20",
    "30, 4, 2, 20",
    "116, 2, 2, 58",
    "10000, 2, 6, 1667",
    "10001, 1, 6, 2000",
    "4100, 2, 4, 1025",
    "10000, 16, 16, 625",
    "40000, 2, 20, 2000",
    "100000, 2, 32, 3163",
    "100000, 16, 32, 3163",
    "100000, 64, 64, 1563",
    "1000000, 2, 100, 10000",
    "10000000, 2, 318, 31447",
    "100000000, 64, 1024, 97657"
  })
  void partitionsGrowWithTheSquareRootOfTheRunOnceTwentyAreFullInAMultipleOfTheSlots(
      long units, int slots, int partitions, long size) {
    assertThat(defaults.size(units, slots)).isEqualTo(size);
    assertThat(defaults.partitions(units, slots)).isEqualTo(partitions);
  }

  @Test
  void partitionsSmallerThanTheMinimumAreNotEvenedToTheSlots() {
    // given a partition size below the minimum (as tests configure it)
    PartitionSizing small = PartitionSizing.adaptive(8, 20);

    // when 33 units are cut for 2 slots, then they stay 5 partitions of 8, not 6 of 6
    assertThat(small.size(33, 2)).isEqualTo(8);
    assertThat(small.partitions(33, 2)).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0} units on {1} slots")
  @CsvSource({"1, 1", "33, 8", "1000000, 2"})
  void aFixedSizeNeverGrowsOrSplits(long units, int slots) {
    assertThat(PartitionSizing.fixed(1).size(units, slots)).isEqualTo(1);
    assertThat(PartitionSizing.fixed(100).size(units, slots)).isEqualTo(100);
  }
}
