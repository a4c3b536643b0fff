package dev.darkroom.core.collection;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.Expr;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.core.query.SqlFragment;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps dynamic collections' members as {@code collection_member} rows (V93, ADR 0034), so the
 * coverage counters of static collections (V86, V92) count them too.
 *
 * <p>Every change a query can see (a location found, moved or gone, an asset's metadata, an
 * artifact written, expired or deleted, a coverage state, a static collection's members) records
 * the asset's id in {@code collection_touch}, by triggers, in the transaction of the change. {@link
 * #drain} takes a batch of those ids and, for every kept collection, evaluates its query for just
 * those assets and inserts or deletes member rows to match. {@link #fill} evaluates a new or edited
 * collection's query over every asset, one batch of asset ids per transaction.
 *
 * <p>All of it runs under one transaction-level advisory lock, taken with {@code
 * pg_try_advisory_xact_lock}: two servers never evaluate at the same time (a slow, earlier
 * evaluation of an asset could otherwise commit after a newer one), and the one that does not get
 * the lock simply does nothing this time. Each step is one transaction; a crash rolls back its
 * taken ids and its progress, so the next step does the same work again (restartable, idempotent).
 * The evaluation runs after the ids are taken, in a later statement of READ COMMITTED: it sees
 * every change whose id it took, and a change committed after that queues its id again.
 */
@Repository
public class CollectionMembership {

  /** The advisory lock key: "DRKMEMB" in ASCII. */
  static final long LOCK = 0x44524b4d454d42L;

  /** The longest this class's transactions wait for a row another transaction holds. */
  public static final Duration LOCK_WAIT = Duration.ofMillis(250);

  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(" + LOCK + ")";
  private static final String KEPT =
      """
      SELECT id, query FROM collection
       WHERE kind = 'DYNAMIC' AND membership IS NOT NULL ORDER BY id
      """;
  private static final String EXPIRED_SINCE_MARK =
      """
      INSERT INTO collection_touch (asset_id)
      SELECT DISTINCT t.asset_id FROM artifact t, collection_touch_clock k
       WHERE t.expires_at > k.expired_through AND t.expires_at <= now()
         AND t.asset_id IS NOT NULL
      """;
  private static final String MOVE_MARK =
      "UPDATE collection_touch_clock SET expired_through = greatest(expired_through, now())";
  private static final String TAKE =
      """
      DELETE FROM collection_touch WHERE id IN (
             SELECT id FROM collection_touch ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
      RETURNING asset_id
      """;
  private static final String REMOVE_UNMATCHED =
      """
      DELETE FROM collection_member m
       WHERE m.collection_id = :keptCollection AND %s
         AND NOT EXISTS (SELECT 1 FROM asset a WHERE a.id = m.asset_id AND %s)
      """;
  private static final String ADD_MATCHED =
      """
      INSERT INTO collection_member (collection_id, asset_id)
      SELECT :keptCollection, a.id FROM asset a
       WHERE %s AND %s
         AND NOT EXISTS (SELECT 1 FROM collection_member m
                          WHERE m.collection_id = :keptCollection AND m.asset_id = a.id)
       ORDER BY a.id
      ON CONFLICT DO NOTHING
      """;
  private static final String NEXT_FILLING =
      """
      SELECT id, query, fill_after FROM collection
       WHERE membership = 'FILLING' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
      """;
  private static final String FILL_UPPER =
      "SELECT max(id) FROM (SELECT id FROM asset WHERE id > :after ORDER BY id LIMIT :limit) b";
  private static final String FILL_PROGRESS =
      "UPDATE collection SET fill_after = :upper WHERE id = :id";
  private static final String FILL_DONE =
      """
      UPDATE collection SET membership = 'KEPT', fill_after = NULL, kept_since = now()
       WHERE id = :id
      """;
  private static final String NOT_KEPT =
      "UPDATE collection SET membership = NULL, fill_after = NULL, kept_since = NULL WHERE id = :id";
  private static final String DROP_MEMBERS =
      "DELETE FROM collection_member WHERE collection_id = :id";
  private static final String PENDING =
      "SELECT count(*) FROM (SELECT 1 FROM collection_touch LIMIT :cap) t";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public CollectionMembership(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * Whether a dynamic collection with this query keeps member rows: not a blank query (every asset)
   * nor one that only asks about the media type, which the coverage counters answer directly.
   */
  public static boolean keeps(AssetQuery query) {
    return !query.matchesAll() && !query.onlyAsksMediaType();
  }

  /**
   * Applies up to {@code limit} queued changes to every kept collection, in one transaction.
   *
   * @return how many queue rows were taken; 0 if the queue is empty or another server is working
   */
  public int drain(int limit) {
    Integer taken =
        transaction.execute(
            status -> {
              if (!locked()) {
                return 0;
              }
              List<Kept> kept = kept();
              if (kept.stream().anyMatch(k -> k.query().mentions(Expr.Has.class))) {
                jdbc.sql(EXPIRED_SINCE_MARK).update();
              }
              jdbc.sql(MOVE_MARK).update();
              List<Long> ids = jdbc.sql(TAKE).param("limit", limit).query(Long.class).list();
              if (ids.isEmpty()) {
                return 0;
              }
              Long[] distinct = ids.stream().distinct().sorted().toArray(Long[]::new);
              for (Kept k : kept) {
                reevaluate(
                    k,
                    new SqlFragment("m.asset_id = ANY(:touched::bigint[])", Map.of()),
                    new SqlFragment("a.id = ANY(:touched::bigint[])", Map.of()),
                    Map.of("touched", distinct));
              }
              return ids.size();
            });
    return taken == null ? 0 : taken;
  }

  /**
   * One batch of the initial (or, after an edit, renewed) evaluation of the lowest-numbered
   * collection whose membership is being filled: the next {@code limit} asset ids.
   *
   * @return whether there was a collection to fill (and this server had the lock)
   */
  public boolean fill(int limit) {
    Boolean worked =
        transaction.execute(
            status -> {
              if (!locked()) {
                return false;
              }
              Optional<Filling> next =
                  jdbc.sql(NEXT_FILLING)
                      .query(
                          (rs, row) ->
                              new Filling(
                                  rs.getLong("id"),
                                  rs.getString("query"),
                                  rs.getLong("fill_after")))
                      .optional();
              if (next.isEmpty()) {
                return false;
              }
              Filling f = next.get();
              AssetQuery query = parseOrNull(f.query());
              if (query == null || !keeps(query)) {
                // Answered by counters (or not at all, for a query that no longer parses).
                jdbc.sql(DROP_MEMBERS).param("id", f.id()).update();
                jdbc.sql(NOT_KEPT).param("id", f.id()).update();
                return true;
              }
              Long upper =
                  jdbc.sql(FILL_UPPER)
                      .param("after", f.after())
                      .param("limit", limit)
                      .query(Long.class)
                      .optional()
                      .orElse(null);
              Kept k = new Kept(f.id(), query);
              if (upper == null) {
                reevaluate(
                    k,
                    new SqlFragment("m.asset_id > :fillAfter", Map.of()),
                    new SqlFragment("FALSE", Map.of()),
                    Map.of("fillAfter", f.after()));
                jdbc.sql(FILL_DONE).param("id", f.id()).update();
              } else {
                reevaluate(
                    k,
                    new SqlFragment(
                        "m.asset_id > :fillAfter AND m.asset_id <= :fillUpper", Map.of()),
                    new SqlFragment("a.id > :fillAfter AND a.id <= :fillUpper", Map.of()),
                    Map.of("fillAfter", f.after(), "fillUpper", upper));
                jdbc.sql(FILL_PROGRESS).param("id", f.id()).param("upper", upper).update();
              }
              return true;
            });
    return Boolean.TRUE.equals(worked);
  }

  /**
   * Fills and drains until nothing is left or {@code maxSteps} transactions have run: what the
   * server's background thread does at each tick, and what tests call to wait for membership.
   *
   * @return the number of transactions that did work
   */
  public int catchUp(int batch, int maxSteps) {
    int steps = 0;
    while (steps < maxSteps && !Thread.currentThread().isInterrupted()) {
      boolean worked = fill(batch);
      if (!worked) {
        worked = drain(batch) > 0;
      }
      if (!worked) {
        break;
      }
      steps++;
    }
    return steps;
  }

  /** Queued changes not applied yet, counted up to {@code cap}. */
  public long pending(long cap) {
    return jdbc.sql(PENDING).param("cap", cap).query(Long.class).single();
  }

  /**
   * Whether a drain or fill failed because it gave way to another transaction ({@link #LOCK_WAIT}
   * passed: PostgreSQL's {@code lock_not_available}, SQLSTATE 55P03) rather than for a fault.
   */
  public static boolean gaveWay(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PessimisticLockingFailureException
          || (t instanceof SQLException sql && "55P03".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes the advisory lock, and makes every lock this transaction waits for give up after {@link
   * #LOCK_WAIT}: a member row added or removed locks the asset's {@code coverage_asset} row (the
   * V86/V92 counter triggers), one statement per collection, so the drainer's locks come in several
   * ascending passes while a chunk's coverage statements take theirs in passes of their own. Should
   * the two ever wait for each other, the drainer gives up first (long before PostgreSQL's
   * one-second deadlock check could pick the chunk), its transaction rolls back with the queue rows
   * it took, and the next pass does the work again: a run's chunk never fails for a collection's
   * bookkeeping.
   */
  private boolean locked() {
    jdbc.sql("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'").update();
    return Boolean.TRUE.equals(jdbc.sql(TRY_LOCK).query(Boolean.class).single());
  }

  private List<Kept> kept() {
    List<Kept> out = new ArrayList<>();
    jdbc.sql(KEPT)
        .query(
            rs -> {
              AssetQuery query = parseOrNull(rs.getString("query"));
              if (query != null && keeps(query)) {
                out.add(new Kept(rs.getLong("id"), query));
              }
            });
    return out;
  }

  /**
   * Makes the collection's member rows among the assets {@code members} and {@code assets} pick
   * (the same set, over {@code m.asset_id} and {@code a.id}) exactly the live assets its query
   * matches now.
   */
  private void reevaluate(
      Kept k, SqlFragment members, SqlFragment assets, Map<String, Object> rangeParams) {
    SqlFragment where = k.query().where();
    Map<String, Object> params = new LinkedHashMap<>(where.params());
    params.putAll(rangeParams);
    params.put("keptCollection", k.id());
    jdbc.sql(REMOVE_UNMATCHED.formatted(members.sql(), where.sql())).params(params).update();
    jdbc.sql(ADD_MATCHED.formatted(assets.sql(), where.sql())).params(params).update();
  }

  private static @Nullable AssetQuery parseOrNull(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return AssetQuery.parse(text);
    } catch (QueryParseException e) {
      return null;
    }
  }

  private record Kept(long id, AssetQuery query) {}

  private record Filling(long id, String query, long after) {}
}
