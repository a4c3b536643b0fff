package dev.darkroom.core.collection;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code collection} and {@code collection_member} tables. A static collection is created from
 * asset ids or as a snapshot of what a query matches now; a dynamic one keeps its query, and its
 * members are whatever the query matches when it is used (a run snapshots them when it is planned).
 *
 * <p>Sizes are kept, never counted when read (ADR 0027): a static collection's by triggers on its
 * members, a dynamic one's as its last count with the time of it ({@link #recount}).
 */
@Repository
public class CollectionRepository {

  private static final String INSERT =
      """
      INSERT INTO collection (name, kind, query, description, membership, fill_after)
      VALUES (:name, :kind, :query, :description, :membership,
              CASE WHEN :membership = 'FILLING' THEN 0 END)
      RETURNING id
      """;
  private static final String UNKNOWN_ASSETS =
      """
      SELECT i.id FROM unnest(:ids::bigint[]) AS i(id)
       WHERE NOT EXISTS (SELECT 1 FROM asset a WHERE a.id = i.id)
       ORDER BY i.id LIMIT 10
      """;
  private static final String ADD_MEMBERS =
      """
      INSERT INTO collection_member (collection_id, asset_id)
      SELECT :collectionId, i.id FROM unnest(:ids::bigint[]) AS i(id)
      ON CONFLICT DO NOTHING
      """;
  private static final String ADD_MATCHING =
      """
      INSERT INTO collection_member (collection_id, asset_id)
      SELECT :collectionId, m.asset_id FROM (%s) m
      ON CONFLICT DO NOTHING
      """;
  // member_count is kept (V88): by triggers for a static collection, by recount() for a dynamic
  // one.
  private static final String COLUMNS =
      "c.id, c.name, c.kind, c.query, c.description, c.created_at, c.member_count, c.counted_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM collection c WHERE c.id = :id";
  private static final String FIND_BY_NAME = "SELECT c.id FROM collection c WHERE c.name = :name";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM collection c WHERE c.id < :beforeId ORDER BY c.id DESC LIMIT :limit";
  private static final String RUNS_USING =
      "SELECT id FROM run WHERE collection_id = :id ORDER BY id LIMIT 10";
  private static final String SCHEDULES_USING =
      "SELECT name FROM schedule WHERE collection_id = :id ORDER BY name LIMIT 10";
  private static final String LOCK = "SELECT id FROM collection WHERE id = :id FOR UPDATE";
  private static final String DELETE = "DELETE FROM collection WHERE id = :id";
  // A static collection's members are what collection: terms read; kept dynamic collections
  // re-evaluate them (V93). Its member rows go by cascade after its row, when the touch trigger can
  // no longer tell that they were a static collection's.
  private static final String TOUCH_MEMBERS =
      """
      INSERT INTO collection_touch (asset_id)
      SELECT m.asset_id FROM collection_member m JOIN collection c ON c.id = m.collection_id
       WHERE c.id = :id AND c.kind = 'STATIC' AND collection_touch_wanted()
      """;
  private static final String CHANGE_QUERY =
      """
      UPDATE collection
         SET query = :query, membership = :membership,
             fill_after = CASE WHEN :membership = 'FILLING' THEN 0 END, kept_since = NULL,
             counted_at = NULL
       WHERE id = :id AND kind = 'DYNAMIC'
      """;
  private static final String DROP_MEMBERS =
      "DELETE FROM collection_member WHERE collection_id = :id";
  private static final String DUE_FOR_COUNT =
      """
      SELECT id FROM collection
       WHERE kind = 'DYNAMIC' AND (counted_at IS NULL OR counted_at < :before)
       ORDER BY counted_at NULLS FIRST, id
       LIMIT :limit
      """;
  // The count's own statement time: the count shows the catalog as of then.
  private static final String COUNT_MATCHES =
      "SELECT count(*) AS n, statement_timestamp() AS at FROM asset a WHERE %s";
  // A slower count that started earlier never overwrites a newer one.
  private static final String STORE_COUNT =
      """
      UPDATE collection SET member_count = :n, counted_at = :at
       WHERE id = :id AND kind = 'DYNAMIC' AND (counted_at IS NULL OR counted_at < :at)
      """;
  // Planning only; the top node's row estimate is what the planner expects the query to match.
  private static final String ESTIMATE = "EXPLAIN SELECT 1 FROM asset a WHERE %s";
  private static final Pattern PLAN_ROWS = Pattern.compile(" rows=(\\d+) ");

  private static final RowMapper<AssetCollection> COLLECTION = CollectionRepository::map;

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  public CollectionRepository(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /**
   * A static collection of exactly these assets.
   *
   * @throws InvalidCollectionException for a blank or taken name, no ids, or unknown ids
   */
  public AssetCollection createStatic(
      String name, @Nullable String description, List<Long> assetIds) {
    if (assetIds.isEmpty()) {
      throw new InvalidCollectionException(
          "a static collection needs at least one asset id; to collect what a query matches,"
              + " create it from the query instead");
    }
    Long[] ids = assetIds.toArray(Long[]::new);
    return inTransaction(
        () -> {
          List<Long> unknown = jdbc.sql(UNKNOWN_ASSETS).param("ids", ids).query(Long.class).list();
          if (!unknown.isEmpty()) {
            throw new InvalidCollectionException(
                "no asset with id "
                    + unknown.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "; list ids of catalogued assets (GET /api/assets)");
          }
          long id = insert(name, CollectionKind.STATIC, null, description);
          jdbc.sql(ADD_MEMBERS).param("collectionId", id).param("ids", ids).update();
          return get(id);
        });
  }

  /**
   * A static collection of the assets the query matches now; later changes to the catalog do not
   * change it. The description defaults to the query, so the collection still says where it came
   * from.
   *
   * @throws InvalidCollectionException for a blank or taken name
   */
  public AssetCollection createSnapshot(
      String name, @Nullable String description, AssetQuery query) {
    String described =
        description != null && !description.isBlank()
            ? description
            : "snapshot of the query: " + (query.matchesAll() ? "(all assets)" : query.text());
    return inTransaction(
        () -> {
          long id = insert(name, CollectionKind.STATIC, null, described);
          SqlFragment matching = query.liveAssetIds();
          jdbc.sql(ADD_MATCHING.formatted(matching.sql()))
              .params(matching.params())
              .param("collectionId", id)
              .update();
          return get(id);
        });
  }

  /**
   * A dynamic collection: its query is saved and evaluated whenever the collection is used. It is
   * counted once on creation; later counts are {@link #recount}'s.
   *
   * @throws InvalidCollectionException for a blank or taken name
   */
  public AssetCollection createDynamic(
      String name, @Nullable String description, AssetQuery query) {
    long id = inTransaction(() -> insert(name, CollectionKind.DYNAMIC, query.text(), description));
    // Counted once right away (like the preview did), outside the insert's transaction.
    return recount(id).orElseThrow(() -> new UnknownCollectionException(id));
  }

  /**
   * Changes a dynamic collection's query. Its kept members are evaluated again from scratch in the
   * background ({@link CollectionMembership#fill}); until then its coverage is counted on demand.
   * Its count is taken again now.
   *
   * @throws UnknownCollectionException if there is no such collection
   * @throws InvalidCollectionException if it is a static collection
   */
  public AssetCollection changeQuery(long id, AssetQuery query) {
    AssetCollection existing = get(id);
    if (existing.kind() != CollectionKind.DYNAMIC) {
      throw new InvalidCollectionException(
          "collection " + id + " is static: its members are listed, it has no query to change");
    }
    inTransaction(
        () -> {
          waitForMembershipDrainer();
          String membership = membership(CollectionKind.DYNAMIC, query.text());
          if (membership == null) {
            jdbc.sql(DROP_MEMBERS).param("id", id).update();
          }
          return jdbc.sql(CHANGE_QUERY)
              .param("id", id)
              .param("query", query.text())
              .param("membership", membership, Types.VARCHAR)
              .update();
        });
    return recount(id).orElseThrow(() -> new UnknownCollectionException(id));
  }

  public Optional<AssetCollection> find(long id) {
    return jdbc.sql(FIND).param("id", id).query(COLLECTION).optional().map(this::withEstimate);
  }

  /**
   * @throws UnknownCollectionException if there is no such collection
   */
  public AssetCollection get(long id) {
    return find(id).orElseThrow(() -> new UnknownCollectionException(id));
  }

  /**
   * Collections newest first, with ids below {@code beforeId} (keyset paging).
   *
   * @param beforeId {@link Long#MAX_VALUE} for the first page, else the last id of the previous
   */
  public List<AssetCollection> list(long beforeId, int limit) {
    return jdbc
        .sql(LIST)
        .param("beforeId", beforeId)
        .param("limit", limit)
        .query(COLLECTION)
        .list()
        .stream()
        .map(this::withEstimate)
        .toList();
  }

  /**
   * Dynamic collections whose count is missing or older than {@code before}, those never counted
   * first, then the oldest counts.
   */
  public List<Long> dynamicDueForCount(Instant before, int limit) {
    return jdbc.sql(DUE_FOR_COUNT)
        .param("before", Timestamp.from(before))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /**
   * Counts what a dynamic collection's query matches now and keeps that count with its time; a
   * static collection's count is always current and is returned as it is. Costs one count over the
   * catalog: callers are the server's background refresher and creation, never a page view.
   *
   * @return the collection with its count; empty if it no longer exists
   */
  public Optional<AssetCollection> recount(long id) {
    Optional<AssetCollection> found = jdbc.sql(FIND).param("id", id).query(COLLECTION).optional();
    if (found.isEmpty()
        || found.get().kind() != CollectionKind.DYNAMIC
        || found.get().query() == null) {
      return found;
    }
    SqlFragment where = AssetQuery.parse(found.get().query()).where();
    Count count =
        jdbc.sql(COUNT_MATCHES.formatted(where.sql()))
            .params(where.params())
            .query((rs, row) -> new Count(rs.getLong("n"), rs.getTimestamp("at")))
            .single();
    jdbc.sql(STORE_COUNT).param("id", id).param("n", count.n()).param("at", count.at()).update();
    return find(id);
  }

  /**
   * Deletes a collection and its member list (never the assets).
   *
   * @throws UnknownCollectionException if there is no such collection
   * @throws CollectionInUseException if a run names it as its scope
   */
  public void delete(long id) {
    inTransaction(
        () -> {
          waitForMembershipDrainer();
          if (jdbc.sql(LOCK).param("id", id).query(Long.class).optional().isEmpty()) {
            throw new UnknownCollectionException(id);
          }
          List<Long> runs = jdbc.sql(RUNS_USING).param("id", id).query(Long.class).list();
          if (!runs.isEmpty()) {
            throw new CollectionInUseException(id, runs);
          }
          List<String> schedules =
              jdbc.sql(SCHEDULES_USING).param("id", id).query(String.class).list();
          if (!schedules.isEmpty()) {
            throw CollectionInUseException.bySchedules(id, schedules);
          }
          jdbc.sql(TOUCH_MEMBERS).param("id", id).update();
          return jdbc.sql(DELETE).param("id", id).update();
        });
  }

  /**
   * Takes {@link CollectionMembership}'s advisory lock for this transaction, waiting for a drain or
   * fill in progress: an edit or delete that drops kept members must neither interleave with a
   * drain that read the collection's old query (it would put back rows of the old query) nor take
   * the members' coverage rows in an order opposite to the drain's (ADR 0034).
   */
  private void waitForMembershipDrainer() {
    jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + CollectionMembership.LOCK + ")) l")
        .query(Integer.class)
        .single();
  }

  private long insert(
      String name, CollectionKind kind, @Nullable String query, @Nullable String description) {
    if (name.isBlank()) {
      throw new InvalidCollectionException("a collection needs a name");
    }
    String trimmed = name.strip();
    Optional<Long> existing =
        jdbc.sql(FIND_BY_NAME).param("name", trimmed).query(Long.class).optional();
    if (existing.isPresent()) {
      throw nameTaken(trimmed, existing.get());
    }
    try {
      return jdbc.sql(INSERT)
          .param("name", trimmed)
          .param("kind", kind.name())
          .param("query", query, Types.VARCHAR)
          .param("description", description == null ? null : description.strip(), Types.VARCHAR)
          .param("membership", membership(kind, query), Types.VARCHAR)
          .query(Long.class)
          .single();
    } catch (DuplicateKeyException e) {
      // Created by someone else between the check and the insert.
      throw nameTaken(trimmed, null);
    }
  }

  /**
   * The V93 membership state a collection starts with: FILLING for a dynamic collection whose
   * members are kept ({@link CollectionMembership#keeps}), else none.
   */
  private static @Nullable String membership(CollectionKind kind, @Nullable String query) {
    return kind == CollectionKind.DYNAMIC
            && query != null
            && CollectionMembership.keeps(AssetQuery.parse(query))
        ? "FILLING"
        : null;
  }

  private static InvalidCollectionException nameTaken(String name, @Nullable Long id) {
    return new InvalidCollectionException(
        "a collection named '"
            + name
            + "' already exists"
            + (id == null ? "" : " (id " + id + ")")
            + "; choose another name or delete that one first");
  }

  /**
   * A dynamic collection never counted yet shows the query planner's estimate, marked as one:
   * planning costs a millisecond where counting costs a pass over the catalog.
   */
  private AssetCollection withEstimate(AssetCollection collection) {
    if (collection.kind() != CollectionKind.DYNAMIC
        || collection.query() == null
        || collection.countedAt() != null) {
      return collection;
    }
    SqlFragment where = AssetQuery.parse(collection.query()).where();
    String plan =
        jdbc.sql(ESTIMATE.formatted(where.sql()))
            .params(where.params())
            .query(String.class)
            .list()
            .get(0);
    Matcher rows = PLAN_ROWS.matcher(plan);
    long estimate = rows.find() ? Long.parseLong(rows.group(1)) : 0;
    return new AssetCollection(
        collection.id(),
        collection.name(),
        collection.kind(),
        collection.query(),
        collection.description(),
        collection.createdAt(),
        estimate,
        null,
        true);
  }

  private record Count(long n, Timestamp at) {}

  private <T> T inTransaction(java.util.function.Supplier<T> work) {
    T result = transaction.execute(status -> work.get());
    if (result == null) {
      throw new IllegalStateException("transaction returned nothing");
    }
    return result;
  }

  private static AssetCollection map(ResultSet rs, int row) throws SQLException {
    Timestamp counted = rs.getTimestamp("counted_at");
    return new AssetCollection(
        rs.getLong("id"),
        rs.getString("name"),
        CollectionKind.valueOf(rs.getString("kind")),
        rs.getString("query"),
        rs.getString("description"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getLong("member_count"),
        counted == null ? null : counted.toInstant(),
        false);
  }
}
