package dev.darkroom.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table sized to a width: columns as wide as their widest cell, and when the whole is
 * wider than the terminal, the widest flexible columns (paths, errors, scopes) give way first, then
 * the widest of all, their cells cut with an ellipsis. Numbers are right-aligned. No borders, two
 * spaces between columns, like {@code kubectl get}.
 */
public final class Table {

  static final int MIN_WIDTH = 4;
  static final String GAP = "  ";

  private final String[] headers;
  private final boolean[] right;
  private final boolean[] flexible;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * Column headers; a header ending in {@code >} marks a right-aligned (numeric) column, one ending
   * in {@code ~} a flexible one, cut first when the table is too wide.
   */
  public Table(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    this.flexible = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].endsWith(">");
      flexible[i] = headers[i].endsWith("~");
      this.headers[i] =
          right[i] || flexible[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
    }
  }

  public Table row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells for " + headers.length + " columns");
    }
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "" : cells[i].toString().replaceAll("[\\r\\n\\t]+", " ");
    }
    rows.add(text);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table as lines of at most {@code width} characters (when the columns' minimum fits). */
  public String render(int width) {
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = headers[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    int budget = width - GAP.length() * (headers.length - 1);
    shrink(widths, budget, true);
    shrink(widths, budget, false);
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    for (String[] row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  /** Narrows the widest (flexible, when asked) column by one until the table fits or none can. */
  private void shrink(int[] widths, int budget, boolean flexibleOnly) {
    while (Arrays.stream(widths).sum() > budget) {
      int widest = -1;
      for (int i = 0; i < widths.length; i++) {
        if ((!flexibleOnly || flexible[i])
            && widths[i] > MIN_WIDTH
            && (widest < 0 || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest < 0) {
        return;
      }
      widths[widest]--;
    }
  }

  private void line(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(GAP);
      }
      String cell = fit(cells[i], widths[i]);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(right[i] ? pad + cell : (i == cells.length - 1 ? cell : cell + pad));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  static String fit(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
