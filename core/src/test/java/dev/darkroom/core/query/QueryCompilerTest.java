package dev.darkroom.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QueryCompilerTest {

  static SqlFragment compile(String query) {
    return AssetQuery.parse(query).condition();
  }

  @Test
  void valuesTravelAsParametersNeverAsSqlText() {
    String hostile = "x'); DROP TABLE asset; --";

    SqlFragment sql =
        compile(
            "camera:\""
                + hostile
                + "\" path:\""
                + hostile
                + "\" root:\""
                + hostile
                + "\" \""
                + hostile
                + "\"");

    assertThat(sql.sql()).doesNotContain("DROP").doesNotContain("x'");
    assertThat(sql.params()).containsValue(hostile);
  }

  @Test
  void aBlankQueryIsTrue() {
    assertThat(AssetQuery.all().condition()).isEqualTo(SqlFragment.TRUE);
    assertThat(AssetQuery.all().where().sql()).isEqualTo(AssetQuery.LIVE);
  }

  @Test
  void mediaTypeClassesAreByteWisePrefixRangesAndFullTypesAreEqualities() {
    assertThat(compile("type:image"))
        .isEqualTo(
            new SqlFragment(
                "(a.media_type ~>=~ :q1 AND a.media_type ~<~ :q2)",
                java.util.Map.of("q1", "image/", "q2", "image0")));
    assertThat(compile("type:image/jpeg"))
        .isEqualTo(new SqlFragment("a.media_type = :q1", java.util.Map.of("q1", "image/jpeg")));
  }

  @Test
  void datesAreUtcTimestampsOfAHalfOpenRange() {
    SqlFragment sql = compile("taken:2019-03");

    assertThat(sql.sql()).isEqualTo("(a.captured_at >= :q1 AND a.captured_at < :q2)");
    assertThat(sql.params())
        .containsEntry("q1", OffsetDateTime.of(2019, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC))
        .containsEntry("q2", OffsetDateTime.of(2019, 4, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void likeWildcardsInValuesAreEscaped() {
    assertThat(compile("camera:100%_x").params()).containsEntry("q1", "100\\%\\_x");
    assertThat(compile("\"a\\\\b\"").params()).containsEntry("q1", "a\\\\b");
  }

  @Test
  void shaPrefixesBecomeAnIndexableRangeOfFullHashes() {
    SqlFragment sql = compile("sha:ab");

    assertThat(sql.sql()).isEqualTo("a.sha256 BETWEEN :q1 AND :q2");
    assertThat(sql.params())
        .containsEntry("q1", "ab" + "0".repeat(62))
        .containsEntry("q2", "ab" + "f".repeat(62));
  }

  @Test
  void locationTermsOfOneAndShareOneLocation() {
    SqlFragment sql = compile("root:nas path:photos beach type:image");

    assertThat(sql.sql())
        .isEqualTo(
            "((a.media_type ~>=~ :q1 AND a.media_type ~<~ :q2) AND EXISTS (SELECT 1 FROM"
                + " asset_location l WHERE l.asset_id = a.id AND l.gone_at IS NULL AND l.root_id ="
                + " (SELECT r.id FROM archive_root r WHERE r.name = :q3) AND l.rel_path ~>=~ :q4"
                + " AND l.rel_path ~<~ :q5 AND lower(regexp_replace(l.rel_path, '^.*/', '')) LIKE"
                + " '%' || lower(:q6) || '%'))");
    assertThat(sql.params()).containsEntry("q4", "photos").containsEntry("q5", "photot");
  }

  @Test
  void negationCountsUnknownAsNotMatching() {
    assertThat(compile("-taken:2019").sql())
        .isEqualTo("NOT coalesce((a.captured_at >= :q1 AND a.captured_at < :q2), false)");
    assertThat(compile("-(type:video OR taken:2019)").sql()).startsWith("NOT coalesce(");
  }

  @Test
  void negatingAConditionThatIsNeverNullStaysAPlainNotSoNotExistsIsAnAntiJoin() {
    // -has: is gated by the kind's counters (V85) in front of the anti-join
    assertThat(compile("-has:phash").sql())
        .isEqualTo(
            "((SELECT coalesce(sum(k.n), 0) FROM asset_kind_tally k WHERE k.kind = :q1)"
                + " < (SELECT coalesce(sum(m.n), 0) FROM coverage_media m)"
                + " AND NOT EXISTS (SELECT 1 FROM artifact t WHERE t.asset_id = a.id"
                + " AND t.kind = :q1 AND (t.expires_at IS NULL OR t.expires_at > now())))");
    assertThat(compile("-type:video").sql())
        .isEqualTo("NOT ((a.media_type ~>=~ :q1 AND a.media_type ~<~ :q2))");
  }

  @Test
  void upperBoundIncrementsTheLastCodePoint() {
    assertThat(QueryCompiler.upperBound("photos/")).isEqualTo("photos0");
    assertThat(QueryCompiler.upperBound("a\uD7FF")).isEqualTo("a\uE000");
    assertThat(QueryCompiler.upperBound("a\uDBFF\uDFFF")).isEqualTo("b");
    assertThat(QueryCompiler.upperBound("été")).isEqualTo("étê");
  }
}
