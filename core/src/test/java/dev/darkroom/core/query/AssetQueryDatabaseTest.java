package dev.darkroom.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every operator of the query language against real PostgreSQL: a small catalog in which each asset
 * exists to be selected by some terms and not by others.
 */
class AssetQueryDatabaseTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static AssetSearchRepository search;
  static List<Long> ids = new ArrayList<>();

  // Index into ids: the names say what each asset is there for.
  static final int CANON_2019 = 0;
  static final int PNG_NEW_YEARS_EVE = 1;
  static final int NIKON_2020 = 2;
  static final int VIDEO = 3;
  static final int TEXT = 4;
  static final int GONE = 5;
  static final int MOVED = 6;
  static final int PREFIX_TRAP = 7;
  static final int PERCENT = 8;
  static final int PERCENT_LOOKALIKE = 9;

  @BeforeAll
  static void catalog() {
    QueryFixture f = new QueryFixture(db.dataSource());
    search = new AssetSearchRepository(f.jdbc);
    long photos = f.root("photos");
    long nas = f.root("nas");
    ids.add(
        f.asset("image/jpeg")
            .size(2_000_000)
            .taken("2019-03-15T10:00:00Z")
            .camera("Canon", "Canon EOS 5D Mark IV")
            .at(photos, "2019/03/IMG_0001.JPG"));
    ids.add(
        f.asset("image/png")
            .size(500_000)
            .taken("2019-12-31T23:30:00Z")
            .at(photos, "2019/12/screenshot.png"));
    ids.add(
        f.asset("image/jpeg")
            .size(6_000_000)
            .taken("2020-01-01T00:00:00Z")
            .camera("NIKON CORPORATION", "NIKON D750")
            .at(nas, "photos/2020/beach party.jpg"));
    ids.add(f.asset("video/mp4").size(50_000_000).at(nas, "videos/holiday.mp4"));
    ids.add(
        f.asset("text/plain")
            .size(1_000)
            .sha("abc1" + "0".repeat(60))
            .at(photos, "notes/readme.txt"));
    long gone = f.asset("image/jpeg").taken("2019-05-01T12:00:00Z").insert();
    f.location(gone, photos, "2019/05/deleted.jpg", true);
    ids.add(gone);
    long moved = f.asset("image/jpeg").taken("2019-07-01T12:00:00Z").insert();
    f.location(moved, photos, "old/moved.jpg", true);
    f.location(moved, photos, "2019/07/moved.jpg", false);
    ids.add(moved);
    ids.add(f.asset("image/jpeg").at(photos, "2019-old/x.jpg"));
    ids.add(f.asset("image/jpeg").at(photos, "misc/100%_real.jpg"));
    ids.add(f.asset("image/jpeg").at(photos, "misc/100abc.jpg"));

    f.artifact(id(CANON_2019), "thumbnail", null);
    f.artifact(id(CANON_2019), "image-metadata", null);
    f.artifact(id(PNG_NEW_YEARS_EVE), "thumbnail", OffsetDateTime.now().minusDays(1));
    f.artifact(id(NIKON_2020), "thumbnail", OffsetDateTime.now().plusDays(7));
    f.artifact(id(NIKON_2020), "phash", null);
    f.artifact(id(GONE), "thumbnail", null);
  }

  static long id(int index) {
    return ids.get(index);
  }

  /** The fixture indexes of the assets a query selects. */
  static Set<Integer> select(String query) {
    List<AssetSummary> found = search.search(AssetQuery.parse(query), 0, 1000);
    assertThat(search.count(AssetQuery.parse(query)))
        .as("count of " + query)
        .isEqualTo(found.size());
    return found.stream().map(a -> ids.indexOf(a.id())).collect(Collectors.toSet());
  }

  static Set<Integer> allLiveExcept(Integer... excluded) {
    Set<Integer> all = Set.of(0, 1, 2, 3, 4, 6, 7, 8, 9);
    return all.stream().filter(i -> !Set.of(excluded).contains(i)).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // type:
        "type:image                   | 0,1,2,6,7,8,9",
        "type:image/jpeg              | 0,2,6,7,8,9",
        "type:image/png               | 1",
        "type:video/*                 | 3",
        "type:text                    | 4",
        "type:audio                   | ",
        // taken: (UTC days; an undated asset matches no date)
        "taken:2019                   | 0,1,6",
        "taken:2019-12-31             | 1",
        "taken:2020                   | 2",
        "taken:2019-03..2019-07       | 0,6",
        "taken:>2019                  | 2",
        "taken:>=2019-07-01           | 1,2,6",
        "taken:<2019-04               | 0",
        "taken:<=2019-03              | 0",
        "taken:..2019-06              | 0",
        // path: (a live location's path starts with it; a gone location never matches)
        "path:2019/                   | 0,1,6",
        "path:2019                    | 0,1,6,7",
        "path:/2019/03                | 0",
        "path:old                     | ",
        "path:\"photos/2020/beach \"  | 2",
        // root:, and root: with path: sharing one location
        "root:nas                     | 2,3",
        "root:nas path:photos         | 2",
        "root:photos path:photos      | ",
        "root:nowhere                 | ",
        // camera: (make or model, case-insensitive, contained)
        "camera:canon                 | 0",
        "camera:\"EOS 5D\"            | 0",
        "camera:\"Canon EOS\"         | 0",
        "camera:nikon                 | 2",
        // has: (unexpired artifacts only)
        "has:thumbnail                | 0,2",
        "has:phash                    | 2",
        "has:image-metadata           | 0",
        "has:nothing-like-this        | ",
        // sha:
        "sha:abc1                     | 4",
        "sha:ABC10                    | 4",
        "sha:abc2                     | ",
        // size:
        "size:>5MB                    | 2,3",
        "size:<=1KB                   | 4,6,7,8,9",
        "size:<1000                   | 6,7,8,9",
        "size:1MB..10MB               | 0,2",
        "size:=500000                 | 1",
        // free words: the file name, case-insensitive; wildcards are literal
        "beach                        | 2",
        "\"beach party\"              | 2",
        "BEACH                        | 2",
        "img                          | 0",
        "2020                         | ",
        "100%_                        | 8",
        "100                          | 8,9",
        "deleted                      | ",
        "moved                        | 6",
        // boolean structure
        "type:video OR camera:nikon   | 2,3",
        "(type:video OR type:text) size:<10MB | 4",
        "type:image -has:thumbnail    | 1,6,7,8,9",
        "camera:canon OR (taken:2020 has:phash) | 0,2",
        "NOT type:image               | 3,4",
        "100 -100%                    | 9",
        "root:photos real 100         | 8",
        "misc                         | ",
      })
  void eachOperatorSelectsTheRightAssets(String query, String expected) {
    Set<Integer> want =
        expected == null
            ? Set.of()
            : java.util.Arrays.stream(expected.split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .collect(Collectors.toSet());

    assertThat(select(query)).as(query).isEqualTo(want);
  }

  @Test
  void negationIncludesAssetsWithoutTheValue() {
    assertThat(select("-taken:2019")).isEqualTo(allLiveExcept(0, 1, 6));
    assertThat(select("-camera:canon")).isEqualTo(allLiveExcept(0));
    assertThat(select("-has:thumbnail")).isEqualTo(allLiveExcept(0, 2));
  }

  @Test
  void aBlankQuerySelectsEveryAssetWithALiveLocation() {
    assertThat(select("")).isEqualTo(allLiveExcept());
  }

  @Test
  void aCappedCountStopsOneAfterTheCap() {
    assertThat(search.countUpTo(AssetQuery.parse("type:image"), 3)).isEqualTo(4);
    assertThat(search.countUpTo(AssetQuery.parse("type:image"), 100)).isEqualTo(7);
    assertThat(search.countUpTo(AssetQuery.parse("type:audio"), 3)).isZero();
  }

  @Test
  void resultsArePagedInIdOrderAfterACursor() {
    AssetQuery images = AssetQuery.parse("type:image");
    List<AssetSummary> first = search.search(images, 0, 3);
    List<AssetSummary> second = search.search(images, first.get(2).id(), 3);
    List<AssetSummary> rest = search.search(images, second.get(2).id(), 100);

    List<Long> pagedIds = new ArrayList<>();
    List.of(first, second, rest).forEach(p -> p.forEach(a -> pagedIds.add(a.id())));
    assertThat(pagedIds)
        .isSorted()
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            search.search(images, 0, 100).stream().map(AssetSummary::id).toList());
  }

  @Test
  void aSummaryNamesTheLiveLocationAndTheUnexpiredThumbnail() {
    AssetSummary moved = search.search(AssetQuery.parse("moved"), 0, 10).get(0);
    AssetSummary canon = search.search(AssetQuery.parse("camera:canon"), 0, 10).get(0);
    AssetSummary png = search.search(AssetQuery.parse("type:image/png"), 0, 10).get(0);

    assertThat(moved.relPath()).isEqualTo("2019/07/moved.jpg");
    assertThat(moved.fileName()).isEqualTo("moved.jpg");
    assertThat(moved.rootName()).isEqualTo("photos");
    assertThat(canon.thumbnailId()).isNotNull();
    assertThat(canon.cameraModel()).isEqualTo("Canon EOS 5D Mark IV");
    assertThat(png.thumbnailId()).as("its only thumbnail expired").isNull();
  }

  @Test
  void theTrigramIndexesExistWhenPgTrgmIsAvailable() {
    List<String> indexes =
        new QueryFixture(db.dataSource())
            .jdbc
            .sql("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm%' ORDER BY 1")
            .query(String.class)
            .list();

    assertThat(indexes)
        .containsExactly("asset_camera_trgm_idx", "asset_location_live_name_trgm_idx");
  }
}
