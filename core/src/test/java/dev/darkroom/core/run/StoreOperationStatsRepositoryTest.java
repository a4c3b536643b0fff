package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.StoreOperationStatsRepository.StoreCalls;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreOperationKey;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreOperations;
import dev.darkroom.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Worker store calls added from several partitions add up per label set, bucket by bucket. */
class StoreOperationStatsRepositoryTest {

  final StoreOperationStatsRepository repository =
      new StoreOperationStatsRepository(
          JdbcClient.create(TestDatabase.create("StoreOperationStats").dataSource()));

  @Test
  void callsFromSeveralChunksAndSlotsAddUpPerLabelSetWithTheirBytes() {
    // given puts from partitions 0 and 8 (one slot) and 3 (another), and a failed put
    StoreOperationKey ok = new StoreOperationKey("filesystem", "put", "ok");
    StoreOperationKey error = new StoreOperationKey("filesystem", "put", "error");
    repository.add("process", 0, Map.of(ok, calls(2, 3, 100)));
    repository.add("process", 8, Map.of(ok, calls(1, 2000, 50)));
    repository.add("process", 3, Map.of(ok, calls(4, 3, 400), error, calls(1, 40, 0)));
    repository.add("kubernetes", 3, Map.of(ok, calls(1, 3, 7)));

    // when they are read
    List<StoreOperations> read = repository.operations();

    // then one series per label set, calls, bytes and buckets summed across rows
    assertThat(read)
        .extracting(o -> o.launcher() + " " + o.outcome() + " " + o.durations().count())
        .containsExactly("process error 1", "kubernetes ok 1", "process ok 7");
    StoreOperations puts =
        read.stream()
            .filter(o -> o.launcher().equals("process") && o.outcome().equals("ok"))
            .findFirst()
            .orElseThrow();
    assertThat(puts.store()).isEqualTo("filesystem");
    assertThat(puts.operation()).isEqualTo("put");
    assertThat(puts.bytes()).isEqualTo(550);
    long[] buckets = puts.durations().bucketCounts();
    assertThat(buckets[DurationHistogram.BOUNDS.indexOf(0.005)]).isEqualTo(6); // 3 ms
    assertThat(buckets[DurationHistogram.BOUNDS.indexOf(2.5)]).isEqualTo(1); // 2 s
    assertThat(puts.durations().sumSeconds())
        .isCloseTo(6 * 0.003 + 2.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void kindsWithoutCallsAddNoRow() {
    repository.add(
        "process", 1, Map.of(new StoreOperationKey("minio", "get", "ok"), calls(0, 1, 0)));

    assertThat(repository.operations()).isEmpty();
  }

  private static StoreCalls calls(int count, long millis, long bytes) {
    DurationHistogram histogram = new DurationHistogram();
    for (int i = 0; i < count; i++) {
      histogram.observe(Duration.ofMillis(millis));
    }
    return new StoreCalls(histogram, bytes);
  }
}
