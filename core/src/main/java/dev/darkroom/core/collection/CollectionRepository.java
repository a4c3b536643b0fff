package dev.darkroom.core.collection;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
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
 */
@Repository
public class CollectionRepository {

  private static final String INSERT =
      """
      INSERT INTO collection (name, kind, query, description)
      VALUES (:name, :kind, :query, :description)
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
  private static final String COLUMNS =
      "c.id, c.name, c.kind, c.query, c.description, c.created_at,"
          + " (SELECT count(*) FROM collection_member m WHERE m.collection_id = c.id) AS members";
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
   * A dynamic collection: its query is saved and evaluated whenever the collection is used.
   *
   * @throws InvalidCollectionException for a blank or taken name
   */
  public AssetCollection createDynamic(
      String name, @Nullable String description, AssetQuery query) {
    return inTransaction(
        () -> get(insert(name, CollectionKind.DYNAMIC, query.text(), description)));
  }

  public Optional<AssetCollection> find(long id) {
    return jdbc.sql(FIND).param("id", id).query(COLLECTION).optional().map(this::withLiveCount);
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
        .map(this::withLiveCount)
        .toList();
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
          return jdbc.sql(DELETE).param("id", id).update();
        });
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
          .query(Long.class)
          .single();
    } catch (DuplicateKeyException e) {
      // Created by someone else between the check and the insert.
      throw nameTaken(trimmed, null);
    }
  }

  private static InvalidCollectionException nameTaken(String name, @Nullable Long id) {
    return new InvalidCollectionException(
        "a collection named '"
            + name
            + "' already exists"
            + (id == null ? "" : " (id " + id + ")")
            + "; choose another name or delete that one first");
  }

  /** A dynamic collection's size is what its query matches now. */
  private AssetCollection withLiveCount(AssetCollection collection) {
    if (collection.kind() != CollectionKind.DYNAMIC || collection.query() == null) {
      return collection;
    }
    SqlFragment where = AssetQuery.parse(collection.query()).where();
    long count =
        jdbc.sql("SELECT count(*) FROM asset a WHERE " + where.sql())
            .params(where.params())
            .query(Long.class)
            .single();
    return new AssetCollection(
        collection.id(),
        collection.name(),
        collection.kind(),
        collection.query(),
        collection.description(),
        collection.createdAt(),
        count);
  }

  private <T> T inTransaction(java.util.function.Supplier<T> work) {
    T result = transaction.execute(status -> work.get());
    if (result == null) {
      throw new IllegalStateException("transaction returned nothing");
    }
    return result;
  }

  private static AssetCollection map(ResultSet rs, int row) throws SQLException {
    return new AssetCollection(
        rs.getLong("id"),
        rs.getString("name"),
        CollectionKind.valueOf(rs.getString("kind")),
        rs.getString("query"),
        rs.getString("description"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getLong("members"));
  }
}
