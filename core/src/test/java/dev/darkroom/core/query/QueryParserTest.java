package dev.darkroom.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.query.Expr.And;
import dev.darkroom.core.query.Expr.Camera;
import dev.darkroom.core.query.Expr.Has;
import dev.darkroom.core.query.Expr.Not;
import dev.darkroom.core.query.Expr.Or;
import dev.darkroom.core.query.Expr.Path;
import dev.darkroom.core.query.Expr.Root;
import dev.darkroom.core.query.Expr.Sha;
import dev.darkroom.core.query.Expr.Size;
import dev.darkroom.core.query.Expr.Taken;
import dev.darkroom.core.query.Expr.Type;
import dev.darkroom.core.query.Expr.Word;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

  static Expr parse(String text) {
    return QueryParser.parse(text);
  }

  static QueryParseException error(String text) {
    try {
      QueryParser.parse(text);
    } catch (QueryParseException e) {
      return e;
    }
    throw new AssertionError("expected a parse error for: " + text);
  }

  static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  @Nested
  class Structure {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n  "})
    void aBlankQueryMatchesEverything(String text) {
      assertThat(parse(text)).isNull();
      assertThat(AssetQuery.parse(text).matchesAll()).isTrue();
    }

    @Test
    void theExampleOfTheIssueParsesIntoAnAndOfSixTerms() {
      Expr expr =
          parse(
              "type:image taken:2019-01..2019-12 path:/photos/2019 camera:\"Canon EOS\""
                  + " has:thumbnail -has:phash");

      assertThat(expr)
          .isEqualTo(
              new And(
                  List.of(
                      new Type("image", null),
                      new Taken(day("2019-01-01"), day("2020-01-01")),
                      new Path("photos/2019"),
                      new Camera("Canon EOS"),
                      new Has("thumbnail"),
                      new Not(new Has("phash")))));
    }

    @Test
    void juxtapositionAndExplicitAndMeanTheSame() {
      assertThat(parse("a b")).isEqualTo(parse("a AND b"));
      assertThat(parse("a b")).isEqualTo(new And(List.of(new Word("a"), new Word("b"))));
    }

    @Test
    void andBindsTighterThanOr() {
      assertThat(parse("a b OR c"))
          .isEqualTo(
              new Or(List.of(new And(List.of(new Word("a"), new Word("b"))), new Word("c"))));
      assertThat(parse("a OR b c"))
          .isEqualTo(
              new Or(List.of(new Word("a"), new And(List.of(new Word("b"), new Word("c"))))));
    }

    @Test
    void orChainsIntoOneNode() {
      assertThat(parse("a OR b OR c"))
          .isEqualTo(new Or(List.of(new Word("a"), new Word("b"), new Word("c"))));
    }

    @Test
    void parenthesesGroup() {
      assertThat(parse("(type:video OR type:audio) taken:2020"))
          .isEqualTo(
              new And(
                  List.of(
                      new Or(List.of(new Type("video", null), new Type("audio", null))),
                      new Taken(day("2020-01-01"), day("2021-01-01")))));
      assertThat(parse("((a))")).isEqualTo(new Word("a"));
      assertThat(parse("( a )")).isEqualTo(new Word("a"));
    }

    @Test
    void minusAndNotNegateATermOrAGroup() {
      assertThat(parse("-has:phash")).isEqualTo(new Not(new Has("phash")));
      assertThat(parse("NOT has:phash")).isEqualTo(new Not(new Has("phash")));
      assertThat(parse("-(a OR b)"))
          .isEqualTo(new Not(new Or(List.of(new Word("a"), new Word("b")))));
      assertThat(parse("--a")).isEqualTo(new Not(new Not(new Word("a"))));
      assertThat(parse("NOT(a)")).isEqualTo(new Not(new Word("a")));
    }

    @Test
    void keywordsAreUpperCaseOnlyAndOtherwiseWords() {
      assertThat(parse("a or b"))
          .isEqualTo(new And(List.of(new Word("a"), new Word("or"), new Word("b"))));
      assertThat(parse("ORANGE")).isEqualTo(new Word("ORANGE"));
      assertThat(parse("\"OR\"")).isEqualTo(new Word("OR"));
    }

    @Test
    void aHyphenInsideAWordIsPartOfIt() {
      assertThat(parse("img-2019")).isEqualTo(new Word("img-2019"));
    }

    @Test
    void fieldNamesIgnoreCase() {
      assertThat(parse("TYPE:Image")).isEqualTo(new Type("image", null));
    }
  }

  @Nested
  class Strings {

    @Test
    void quotedWordsKeepSpacesAndColons() {
      assertThat(parse("\"summer holiday\"")).isEqualTo(new Word("summer holiday"));
      assertThat(parse("\"IMG:1\"")).isEqualTo(new Word("IMG:1"));
      assertThat(parse("path:\"photos (1)/a b\"")).isEqualTo(new Path("photos (1)/a b"));
    }

    @Test
    void backslashEscapesAQuoteOrABackslash() {
      assertThat(parse("\"say \\\"cheese\\\"\"")).isEqualTo(new Word("say \"cheese\""));
      assertThat(parse("\"a\\\\b\"")).isEqualTo(new Word("a\\b"));
    }

    @Test
    void anyOtherEscapeIsAnErrorAtTheBackslash() {
      QueryParseException e = error("\"a\\nb\"");

      assertThat(e.column()).isEqualTo(2);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 2: expected \\\" or \\\\ after a backslash, found \"\\n\"; write \\\\"
                  + " for a backslash");
    }

    @Test
    void anUnterminatedStringPointsAtTheEndAndNamesWhereItOpened() {
      QueryParseException e = error("type:image \"summer");

      assertThat(e.column()).isEqualTo(18);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 18: expected a closing \" for the string opened at column 11, found the"
                  + " end of the query");
    }

    @Test
    void anEmptyQuotedWordIsRefused() {
      assertThat(error("a \"\"").column()).isEqualTo(2);
    }

    @Test
    void aQuoteRightAfterAWordNeedsASpace() {
      QueryParseException e = error("path:photos\"x\"");

      assertThat(e.column()).isEqualTo(11);
      assertThat(e.expected()).isEqualTo("a space between terms");
      assertThat(e.found()).isEqualTo("a quote (\")");
    }

    @Test
    void aParenthesisRightAfterAValueIsRefusedWithAHint() {
      QueryParseException e = error("path:photos(1)");

      assertThat(e.column()).isEqualTo(11);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 11: expected a space between terms, found \"(\"; quote values and words"
                  + " that contain parentheses or quotes, e.g. path:\"photos (1)\"");
    }
  }

  @Nested
  class Types {

    @ParameterizedTest
    @CsvSource({
      "type:image, image,",
      "type:video, video,",
      "type:audio, audio,",
      "type:text, text,",
      "type:image/jpeg, image, jpeg",
      "type:IMAGE/JPEG, image, jpeg",
      "type:image/*, image,",
      "type:application/pdf, application, pdf",
      "type:application/vnd.ms-excel, application, vnd.ms-excel",
      "type:image/svg+xml, image, svg+xml"
    })
    void mediaTypesAndClasses(String text, String type, String subtype) {
      assertThat(parse(text)).isEqualTo(new Type(type, subtype));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type:picture", "type:image/", "type:/jpeg", "type:*/*", "type:a/b/c"})
    void anythingElseIsRefusedAtTheValue(String text) {
      QueryParseException e = error(text);

      assertThat(e.column()).isEqualTo(5);
      assertThat(e.expected())
          .isEqualTo(
              "a media type like image, video, audio, text, image/jpeg or image/* after \"type:\"");
    }
  }

  @Nested
  class Dates {

    @ParameterizedTest
    @CsvSource({
      "taken:2019, 2019-01-01, 2020-01-01",
      "taken:2019-02, 2019-02-01, 2019-03-01",
      "taken:2019-12, 2019-12-01, 2020-01-01",
      "taken:2020-02-29, 2020-02-29, 2020-03-01",
      "taken:2019-01..2019-12, 2019-01-01, 2020-01-01",
      "taken:2019..2019, 2019-01-01, 2020-01-01",
      "taken:2019-03-04..2019-03-04, 2019-03-04, 2019-03-05",
      "taken:..2019-06, , 2019-07-01",
      "taken:2019-06.., 2019-06-01,",
      "taken:>=2020-01-01, 2020-01-01,",
      "taken:>2020, 2021-01-01,",
      "taken:<=2020-06, , 2020-07-01",
      "taken:<2020-06, , 2020-06-01",
      "taken:=2020-06, 2020-06-01, 2020-07-01",
      "taken:\"2019..2020\", 2019-01-01, 2021-01-01"
    })
    void datesBecomeHalfOpenRanges(String text, LocalDate from, LocalDate until) {
      assertThat(parse(text)).isEqualTo(new Taken(from, until));
    }

    @Test
    void aMalformedDateNamesColumnExpectationAndWhatWasFound() {
      QueryParseException e = error("type:image taken:20x9");

      assertThat(e.column()).isEqualTo(17);
      assertThat(e.getMessage())
          .isEqualTo("at column 17: expected a date like 2019-01 after \"taken:\", found \"20x9\"");
    }

    @Test
    void theBadEndOfARangeIsPointedAt() {
      QueryParseException e = error("taken:2019-01..20x9");

      assertThat(e.column()).isEqualTo(15);
      assertThat(e.found()).isEqualTo("\"20x9\"");
    }

    @Test
    void aMonthOutOfRangeIsPointedAt() {
      QueryParseException e = error("taken:2019-13");

      assertThat(e.column()).isEqualTo(11);
      assertThat(e.getMessage())
          .isEqualTo("at column 11: expected a month from 01 to 12, found \"13\"");
    }

    @Test
    void aDayThatDoesNotExistIsPointedAt() {
      QueryParseException e = error("taken:2019-02-30");

      assertThat(e.column()).isEqualTo(14);
      assertThat(e.expected()).isEqualTo("a day that exists in 2019-02");
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
      QueryParseException e = error("taken:2020..2019");

      assertThat(e.column()).isEqualTo(12);
      assertThat(e.expected()).isEqualTo("an end date not before the start date 2020");
    }

    @ParameterizedTest
    @CsvSource({"'taken:..', 6", "'taken:>=', 8", "'taken:2019-1', 6", "'taken:19', 6"})
    void incompleteDatesAreRefused(String text, int column) {
      assertThat(error(text).column()).isEqualTo(column);
    }

    @Test
    void aMissingValueSaysSo() {
      QueryParseException e = error("taken: type:image");

      assertThat(e.column()).isEqualTo(6);
      assertThat(e.getMessage())
          .isEqualTo("at column 6: expected a date like 2019-01 after \"taken:\", found a space");
      assertThat(error("taken:").found()).isEqualTo("the end of the query");
    }
  }

  @Nested
  class Sizes {

    @ParameterizedTest
    @CsvSource({
      "size:>5MB, 5000001,",
      "size:>=5MB, 5000000,",
      "size:<1KiB, , 1023",
      "size:<=1kb, , 1000",
      "size:1024, 1024, 1024",
      "size:=2B, 2, 2",
      "size:1.5GB, 1500000000, 1500000000",
      "size:1MiB..2MiB, 1048576, 2097152",
      "size:..10KB, , 10000",
      "size:10KB.., 10000,",
      "size:>1TiB, 1099511627777,"
    })
    void sizesBecomeInclusiveByteRanges(String text, Long min, Long max) {
      assertThat(parse(text)).isEqualTo(new Size(min, max));
    }

    @Test
    void anUnknownUnitIsPointedAt() {
      QueryParseException e = error("size:>5XB");

      assertThat(e.column()).isEqualTo(7);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 7: expected a size unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), found"
                  + " \"XB\"");
    }

    @ParameterizedTest
    @CsvSource({"'size:big', 5", "'size:>', 6", "'size:5MB..1MB', 10", "'size:9999999TB', 5"})
    void badSizesAreRefused(String text, int column) {
      assertThat(error(text).column()).isEqualTo(column);
    }
  }

  @Nested
  class OtherTerms {

    @Test
    void pathDropsLeadingSlashes() {
      assertThat(parse("path:/photos/2019")).isEqualTo(new Path("photos/2019"));
      assertThat(parse("path:photos/")).isEqualTo(new Path("photos/"));
      assertThat(parse("path:/")).isEqualTo(new Path(""));
    }

    @Test
    void rootCameraAndHasKeepTheirValues() {
      assertThat(parse("root:nas")).isEqualTo(new Root("nas"));
      assertThat(parse("camera:\"Canon EOS\"")).isEqualTo(new Camera("Canon EOS"));
      assertThat(parse("has:Image-Metadata")).isEqualTo(new Has("image-metadata"));
    }

    @Test
    void shaIsALowerCaseHexPrefix() {
      assertThat(parse("sha:3FA9")).isEqualTo(new Sha("3fa9"));
      QueryParseException e = error("sha:3fz9");
      assertThat(e.column()).isEqualTo(6);
      assertThat(e.found()).isEqualTo("\"z9\"");
      assertThat(error("sha:" + "a".repeat(65)).column()).isEqualTo(68);
    }

    @Test
    void aBadArtifactKindIsRefused() {
      assertThat(error("has:-x").column()).isEqualTo(4);
    }

    @Test
    void blankRootAndCameraAreRefused() {
      assertThat(error("camera:\" \"").expected())
          .isEqualTo("a camera make or model like \"Canon EOS\" after \"camera:\"");
      assertThat(error("root:\"\"").column()).isEqualTo(6);
    }

    @Test
    void anUnknownFieldListsTheKnownOnes() {
      QueryParseException e = error("type:image colour:red");

      assertThat(e.column()).isEqualTo(11);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 11: expected a field (type, taken, path, root, camera, has, current, stale,"
                  + " missing, failed, collection, sha, size) or"
                  + " a word, found \"colour:\"; quote a word that contains \":\", e.g."
                  + " \"colour:…\"");
    }

    @Test
    void aWordThatDoesNotStartWithLettersMayContainAColon() {
      assertThat(parse("12:30")).isEqualTo(new Word("12:30"));
    }
  }

  @Nested
  class Errors {

    @Test
    void aLoneClosingParenthesisIsPointedAt() {
      QueryParseException e = error("a )");

      assertThat(e.column()).isEqualTo(2);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 2: expected a term or the end of the query, found \")\"; there is no"
                  + " \"(\" for this \")\" to close");
    }

    @Test
    void anUnclosedGroupNamesWhereItOpened() {
      QueryParseException e = error("a (b OR c");

      assertThat(e.column()).isEqualTo(9);
      assertThat(e.expected()).isEqualTo("\")\" to close the \"(\" at column 2");
    }

    @Test
    void anEmptyGroupIsRefused() {
      assertThat(error("()").column()).isEqualTo(1);
    }

    @Test
    void aDanglingOperatorIsRefused() {
      assertThat(error("a OR").getMessage())
          .isEqualTo("at column 4: expected a term, found the end of the query");
      assertThat(error("OR a").expected()).isEqualTo("a term before \"OR\"");
      assertThat(error("a AND OR b").column()).isEqualTo(6);
      assertThat(error("NOT").column()).isEqualTo(3);
    }

    @Test
    void aMinusMustTouchItsTerm() {
      QueryParseException e = error("a - b");

      assertThat(e.column()).isEqualTo(3);
      assertThat(e.getMessage())
          .isEqualTo(
              "at column 3: expected a term or \"(\" right after \"-\", found a space; write"
                  + " -has:phash, without a space");
    }

    @Test
    void controlCharactersAreRefused() {
      QueryParseException e = error("a\u0000b");

      assertThat(e.column()).isEqualTo(1);
      assertThat(e.found()).isEqualTo("the control character U+0000");
    }

    @Test
    void overlyLongQueriesAreRefused() {
      assertThat(error("a ".repeat(3000)).expected())
          .isEqualTo("a query of at most 4096 characters");
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
      assertThat(error("(".repeat(500) + "a" + ")".repeat(500)).expected())
          .isEqualTo("at most 64 nested groups or negations");
      assertThat(error("-".repeat(1000) + "a").expected())
          .isEqualTo("at most 64 nested groups or negations");
    }

    @Test
    void longFoundTextIsShortened() {
      assertThat(error("taken:" + "x".repeat(100)).found()).hasSize(43);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "beach",
        "summer holiday",
        "photos (1)",
        "say \"cheese\"",
        "back\\slash",
        "-draft",
        "OR",
        "IMG:1",
        "<img src=x onerror=alert(1)>.jpg"
      })
  void quotedValuesReadBackUnchanged(String value) {
    assertThat(parse(AssetQuery.quote(value))).isEqualTo(new Word(value));
    assertThat(parse("camera:" + AssetQuery.quote(value))).isEqualTo(new Camera(value));
  }

  @Test
  void theExceptionIsAnUncheckedTypeWithAccessors() {
    assertThatThrownBy(() -> AssetQuery.parse("type:"))
        .isInstanceOf(QueryParseException.class)
        .hasMessageStartingWith("at column 5: expected a media type");
  }
}
