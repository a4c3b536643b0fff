package dev.darkroom.cli.output;

import java.io.PrintWriter;

/**
 * One line redrawn in place at a terminal: {@code label [#####.....] 59/100 suffix}. Off a terminal
 * it draws nothing: scripts get the final answer only. Driven by whoever learns of progress (live
 * events or polling), so it never polls by itself.
 */
public final class ProgressBar implements AutoCloseable {

  private final PrintWriter out;
  private final boolean enabled;
  private final int width;
  private int lastLength;

  public ProgressBar(Printer printer) {
    this(printer.env().out(), printer.interactive(), Math.min(printer.env().width(), 120));
  }

  ProgressBar(PrintWriter out, boolean enabled, int width) {
    this.out = out;
    this.enabled = enabled;
    this.width = width;
  }

  /** Redraws the line; {@code total <= 0} draws a count without a bar (size not known yet). */
  public void update(String label, long done, long total, String suffix) {
    if (!enabled) {
      return;
    }
    String line = render(label, done, total, suffix, width);
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  static String render(String label, long done, long total, String suffix, int width) {
    String count = total > 0 ? done + "/" + total : Long.toString(done);
    String fixed = label + " [] " + count + (suffix.isEmpty() ? "" : "  " + suffix);
    int barWidth = Math.max(10, Math.min(40, width - fixed.length() - 1));
    StringBuilder bar = new StringBuilder();
    if (total > 0) {
      int filled = (int) Math.min(barWidth, barWidth * done / total);
      bar.append("#".repeat(filled)).append(".".repeat(barWidth - filled));
    } else {
      bar.append(".".repeat(barWidth));
    }
    String line = label + " [" + bar + "] " + count + (suffix.isEmpty() ? "" : "  " + suffix);
    return line.length() > width - 1 ? line.substring(0, Math.max(0, width - 2)) + "…" : line;
  }

  /** Leaves the bar's last state on its own line. */
  @Override
  public void close() {
    if (enabled && lastLength > 0) {
      out.println();
      out.flush();
      lastLength = 0;
    }
  }
}
