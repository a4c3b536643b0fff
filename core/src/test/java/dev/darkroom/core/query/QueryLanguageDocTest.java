package dev.darkroom.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The error table and the combined examples of docs/query-language.md say what the parser does. */
class QueryLanguageDocTest {

  static final Path DOC = Path.of("..", "docs", "query-language.md");
  static final Pattern ERROR_ROW = Pattern.compile("^\\| `(.+)` \\| `(at column .+)` \\|$");

  @Test
  void everyDocumentedErrorIsTheParsersMessage() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher m = ERROR_ROW.matcher(line);
      if (m.matches()) {
        rows.add(new String[] {m.group(1), m.group(2)});
      }
    }

    assertThat(rows).hasSizeGreaterThan(10);
    for (String[] row : rows) {
      assertThatThrownBy(() -> AssetQuery.parse(row[0]))
          .as(row[0])
          .isInstanceOf(QueryParseException.class)
          .hasMessage(row[1]);
    }
  }

  @Test
  void everyCombinedExampleParses() throws IOException {
    String doc = Files.readString(DOC);
    String block = doc.substring(doc.indexOf("### Combining"));
    block =
        block.substring(block.indexOf("```") + 4, block.indexOf("```", block.indexOf("```") + 3));

    for (String line : block.split("\n")) {
      String query = line.split(" {2,}")[0].strip();
      assertThat(AssetQuery.parse(query).matchesAll()).as(query).isFalse();
    }
  }
}
