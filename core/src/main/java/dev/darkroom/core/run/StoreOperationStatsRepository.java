package dev.darkroom.core.run;

import java.sql.Array;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The table {@code worker_store_operation_stats} (ADR 0023): artifact store calls made by partition
 * jobs in worker JVMs, added in their chunk transactions and read by the server's metrics export.
 * Rows are per label set and slot (partition number mod {@value TimingsRepository#SLOTS}), like
 * {@link TimingsRepository}; reads sum the slots.
 */
public class StoreOperationStatsRepository {

  /** The labels of one kind of store call within a partition. */
  public record StoreOperationKey(String store, String operation, String outcome) {}

  /** A chunk's calls of one kind: their durations and, for puts that succeeded, their bytes. */
  public record StoreCalls(DurationHistogram durations, long bytes) {}

  /** One exported series: a kind of store call by one launcher, summed over slots. */
  public record StoreOperations(
      String store,
      String operation,
      String outcome,
      String launcher,
      DurationHistogram durations,
      long bytes) {}

  private static final String ADD =
      """
      INSERT INTO worker_store_operation_stats AS s
             (store, operation, outcome, launcher, slot, count, sum_seconds, bucket_counts, bytes)
      VALUES (:store, :operation, :outcome, :launcher, :slot, :count, :sum,
              CAST(:buckets AS bigint[]), :bytes)
      ON CONFLICT (store, operation, outcome, launcher, slot) DO UPDATE
         SET count = s.count + excluded.count,
             sum_seconds = s.sum_seconds + excluded.sum_seconds,
             bytes = s.bytes + excluded.bytes,
             bucket_counts = ARRAY(SELECT a + b
                                     FROM unnest(s.bucket_counts, excluded.bucket_counts)
                                          WITH ORDINALITY AS t(a, b, i)
                                    ORDER BY i)
      """;

  private static final String READ =
      """
      SELECT store, operation, outcome, launcher, count, sum_seconds, bucket_counts, bytes
        FROM worker_store_operation_stats
       ORDER BY store, operation, outcome, launcher
      """;

  private final JdbcClient jdbc;

  public StoreOperationStatsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a chunk's store calls; call it inside the chunk's transaction so they count exactly when
   * its units do. Keys sorted, so two partitions sharing a slot lock its rows in the same order.
   */
  public void add(String launcher, int partitionNo, Map<StoreOperationKey, StoreCalls> calls) {
    calls.entrySet().stream()
        .filter(e -> e.getValue().durations().count() > 0)
        .sorted(
            Map.Entry.comparingByKey(
                Comparator.comparing(StoreOperationKey::store)
                    .thenComparing(StoreOperationKey::operation)
                    .thenComparing(StoreOperationKey::outcome)))
        .forEach(
            e ->
                jdbc.sql(ADD)
                    .param("store", e.getKey().store())
                    .param("operation", e.getKey().operation())
                    .param("outcome", e.getKey().outcome())
                    .param("launcher", launcher)
                    .param("slot", Math.floorMod(partitionNo, TimingsRepository.SLOTS))
                    .param("count", e.getValue().durations().count())
                    .param("sum", e.getValue().durations().sumSeconds())
                    .param("buckets", e.getValue().durations().bucketLiteral())
                    .param("bytes", e.getValue().bytes())
                    .update());
  }

  /** Every worker store call since the database was created, per label set. */
  public List<StoreOperations> operations() {
    Map<List<String>, DurationHistogram> durations = new LinkedHashMap<>();
    Map<List<String>, Long> bytes = new LinkedHashMap<>();
    jdbc.sql(READ)
        .query(
            (RowCallbackHandler)
                (ResultSet rs) -> {
                  List<String> key =
                      List.of(
                          rs.getString("store"),
                          rs.getString("operation"),
                          rs.getString("outcome"),
                          rs.getString("launcher"));
                  Array array = rs.getArray("bucket_counts");
                  Long[] stored = (Long[]) array.getArray();
                  long[] counts = new long[stored.length];
                  for (int i = 0; i < stored.length; i++) {
                    counts[i] = stored[i];
                  }
                  durations
                      .computeIfAbsent(key, k -> new DurationHistogram())
                      .add(
                          DurationHistogram.of(
                              counts, rs.getLong("count"), rs.getDouble("sum_seconds")));
                  bytes.merge(key, rs.getLong("bytes"), Long::sum);
                });
    List<StoreOperations> all = new ArrayList<>();
    durations.forEach(
        (k, h) ->
            all.add(new StoreOperations(k.get(0), k.get(1), k.get(2), k.get(3), h, bytes.get(k))));
    return all;
  }
}
