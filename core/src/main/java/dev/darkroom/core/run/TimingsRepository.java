package dev.darkroom.core.run;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables {@code tool_duration_stats} and {@code chunk_commit_stats} (ADR 0023): tool and chunk
 * timings added by partition jobs in their chunk transactions, whichever process runs them, and
 * read by the server's metrics export. Rows are per label set and slot (partition number mod
 * {@value #SLOTS}), so partitions committing at the same moment seldom wait for one row's lock;
 * reads sum the slots.
 */
public class TimingsRepository {

  /** How many rows one label set is spread over. */
  public static final int SLOTS = 8;

  /** The labels of one tool's timings. */
  public record ToolKey(String tool, String version, String outcome) {}

  /** A tool's timings summed over slots: the labels of one exported histogram series. */
  public record ToolTimings(
      String pipeline,
      String tool,
      String version,
      String outcome,
      String launcher,
      DurationHistogram histogram) {}

  /** A pipeline's chunk write timings for one launcher, summed over slots. */
  public record ChunkTimings(String pipeline, String launcher, DurationHistogram histogram) {}

  // Element-wise sum of the stored and the added bucket counts, in bucket order.
  private static final String ADD_TOOL =
      """
      INSERT INTO tool_duration_stats AS s
             (pipeline, tool, version, outcome, launcher, slot, count, sum_seconds, bucket_counts)
      VALUES (:pipeline, :tool, :version, :outcome, :launcher, :slot, :count, :sum,
              CAST(:buckets AS bigint[]))
      ON CONFLICT (pipeline, tool, version, outcome, launcher, slot) DO UPDATE
         SET count = s.count + excluded.count,
             sum_seconds = s.sum_seconds + excluded.sum_seconds,
             bucket_counts = ARRAY(SELECT a + b
                                     FROM unnest(s.bucket_counts, excluded.bucket_counts)
                                          WITH ORDINALITY AS t(a, b, i)
                                    ORDER BY i)
      """;

  private static final String ADD_CHUNK =
      """
      INSERT INTO chunk_commit_stats AS s
             (pipeline, launcher, slot, count, sum_seconds, bucket_counts)
      VALUES (:pipeline, :launcher, :slot, :count, :sum, CAST(:buckets AS bigint[]))
      ON CONFLICT (pipeline, launcher, slot) DO UPDATE
         SET count = s.count + excluded.count,
             sum_seconds = s.sum_seconds + excluded.sum_seconds,
             bucket_counts = ARRAY(SELECT a + b
                                     FROM unnest(s.bucket_counts, excluded.bucket_counts)
                                          WITH ORDINALITY AS t(a, b, i)
                                    ORDER BY i)
      """;

  private static final String TOOLS =
      """
      SELECT pipeline, tool, version, outcome, launcher, count, sum_seconds, bucket_counts
        FROM tool_duration_stats
       ORDER BY pipeline, tool, version, outcome, launcher
      """;

  private static final String CHUNKS =
      """
      SELECT pipeline, launcher, count, sum_seconds, bucket_counts
        FROM chunk_commit_stats
       ORDER BY pipeline, launcher
      """;

  private final JdbcClient jdbc;

  public TimingsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a chunk's tool timings; call it inside the chunk's transaction so they count exactly when
   * its units do. Keys sorted, so two partitions sharing a slot lock its rows in the same order.
   */
  public void addToolTimings(
      String pipeline, String launcher, int partitionNo, Map<ToolKey, DurationHistogram> timings) {
    timings.entrySet().stream()
        .filter(e -> e.getValue().count() > 0)
        .sorted(
            Map.Entry.comparingByKey(
                java.util.Comparator.comparing(ToolKey::tool)
                    .thenComparing(ToolKey::version)
                    .thenComparing(ToolKey::outcome)))
        .forEach(
            e ->
                jdbc.sql(ADD_TOOL)
                    .param("pipeline", pipeline)
                    .param("tool", e.getKey().tool())
                    .param("version", e.getKey().version())
                    .param("outcome", e.getKey().outcome())
                    .param("launcher", launcher)
                    .param("slot", slot(partitionNo))
                    .param("count", e.getValue().count())
                    .param("sum", e.getValue().sumSeconds())
                    .param("buckets", e.getValue().bucketLiteral())
                    .update());
  }

  /** Adds one chunk's write time; call it inside the chunk's transaction. */
  public void addChunkTiming(
      String pipeline, String launcher, int partitionNo, DurationHistogram timing) {
    if (timing.count() == 0) {
      return;
    }
    jdbc.sql(ADD_CHUNK)
        .param("pipeline", pipeline)
        .param("launcher", launcher)
        .param("slot", slot(partitionNo))
        .param("count", timing.count())
        .param("sum", timing.sumSeconds())
        .param("buckets", timing.bucketLiteral())
        .update();
  }

  /** Every tool's timings since the database was created, per label set. */
  public List<ToolTimings> toolTimings() {
    Map<List<String>, DurationHistogram> sums = new LinkedHashMap<>();
    jdbc.sql(TOOLS)
        .query(
            (RowCallbackHandler)
                (ResultSet rs) -> {
                  List<String> key =
                      List.of(
                          rs.getString("pipeline"),
                          rs.getString("tool"),
                          rs.getString("version"),
                          rs.getString("outcome"),
                          rs.getString("launcher"));
                  sums.computeIfAbsent(key, k -> new DurationHistogram()).add(histogram(rs));
                });
    List<ToolTimings> timings = new ArrayList<>();
    sums.forEach(
        (k, h) ->
            timings.add(new ToolTimings(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), h)));
    return timings;
  }

  /** Every pipeline's chunk write timings since the database was created, per launcher. */
  public List<ChunkTimings> chunkTimings() {
    Map<List<String>, DurationHistogram> sums = new LinkedHashMap<>();
    jdbc.sql(CHUNKS)
        .query(
            (RowCallbackHandler)
                (ResultSet rs) -> {
                  List<String> key = List.of(rs.getString("pipeline"), rs.getString("launcher"));
                  sums.computeIfAbsent(key, k -> new DurationHistogram()).add(histogram(rs));
                });
    List<ChunkTimings> timings = new ArrayList<>();
    sums.forEach((k, h) -> timings.add(new ChunkTimings(k.get(0), k.get(1), h)));
    return timings;
  }

  private static DurationHistogram histogram(ResultSet rs) throws SQLException {
    Array array = rs.getArray("bucket_counts");
    Long[] stored = (Long[]) array.getArray();
    long[] counts = new long[stored.length];
    for (int i = 0; i < stored.length; i++) {
      counts[i] = stored[i];
    }
    return DurationHistogram.of(counts, rs.getLong("count"), rs.getDouble("sum_seconds"));
  }

  private static int slot(int partitionNo) {
    return Math.floorMod(partitionNo, SLOTS);
  }
}
