package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.TimingsRepository.ToolKey;
import dev.darkroom.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Timings added from several partitions add up per label set, bucket by bucket. */
class TimingsRepositoryTest {

  final TimingsRepository repository =
      new TimingsRepository(JdbcClient.create(TestDatabase.create("Timings").dataSource()));

  @Test
  void toolTimingsFromSeveralChunksAndSlotsAddUpBucketByBucketPerLabelSet() {
    // given tries of one tool from partitions 0 and 8 (one slot) and 3 (another), and a failure
    ToolKey success = new ToolKey("thumbnail", "2", "success");
    repository.addToolTimings("images", "process", 0, Map.of(success, tries(3, 2)));
    repository.addToolTimings("images", "process", 8, Map.of(success, tries(1, 2000)));
    repository.addToolTimings("images", "process", 3, Map.of(success, tries(2, 2)));
    repository.addToolTimings(
        "images", "process", 3, Map.of(new ToolKey("thumbnail", "2", "failed"), tries(1, 40)));

    // when they are read
    List<TimingsRepository.ToolTimings> timings = repository.toolTimings();

    // then one series per label set, with the tries summed across rows and buckets kept apart
    assertThat(timings).hasSize(2);
    TimingsRepository.ToolTimings ok =
        timings.stream().filter(t -> t.outcome().equals("success")).findFirst().orElseThrow();
    assertThat(ok.launcher()).isEqualTo("process");
    assertThat(ok.histogram().count()).isEqualTo(6);
    assertThat(ok.histogram().sumSeconds()).isCloseTo(5 * 0.002 + 2.0, within());
    long[] buckets = ok.histogram().bucketCounts();
    assertThat(buckets[DurationHistogram.BOUNDS.indexOf(0.005)]).isEqualTo(5); // 2 ms
    assertThat(buckets[DurationHistogram.BOUNDS.indexOf(2.5)]).isEqualTo(1); // 2 s
    assertThat(java.util.Arrays.stream(buckets).sum()).isEqualTo(6);
  }

  @Test
  void chunkTimingsAddUpPerPipelineAndLauncher() {
    DurationHistogram one = new DurationHistogram();
    one.observe(Duration.ofMillis(30));
    repository.addChunkTiming("images", "kubernetes", 1, one);
    repository.addChunkTiming("images", "kubernetes", 1, one);
    repository.addChunkTiming("images", "in-process", 1, one);

    assertThat(repository.chunkTimings())
        .extracting(c -> c.launcher() + "=" + c.histogram().count())
        .containsExactlyInAnyOrder("kubernetes=2", "in-process=1");
  }

  private static DurationHistogram tries(int count, long millis) {
    DurationHistogram histogram = new DurationHistogram();
    for (int i = 0; i < count; i++) {
      histogram.observe(Duration.ofMillis(millis));
    }
    return histogram;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
