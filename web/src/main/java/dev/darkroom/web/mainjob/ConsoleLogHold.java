package dev.darkroom.web.mainjob;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Keeps log lines off the terminal while a progress bar is drawn there: a line written into the
 * middle of a bar breaks both. While held, the console appenders drop every event (the log file,
 * {@code <data-dir>/logs/darkroom.log}, still gets them); warnings and errors are kept and printed
 * below the bar when it is done, so nothing a person should see is lost.
 *
 * <p>Does nothing when the logging backend is not Logback.
 */
final class ConsoleLogHold implements AutoCloseable {

  /** Warnings shown after the bar; the rest are counted and left to the log file. */
  static final int MAX_SHOWN = 10;

  private final PrintStream out;
  private final List<Appender<ILoggingEvent>> held = new ArrayList<>();
  private final Hold filter = new Hold();
  private final Filter<ILoggingEvent> denyAll =
      new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
          return FilterReply.DENY;
        }
      };

  private ConsoleLogHold(PrintStream out) {
    this.out = out;
  }

  /** Holds console logging until {@link #close()}. */
  static ConsoleLogHold start(PrintStream out) {
    ConsoleLogHold hold = new ConsoleLogHold(out);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (appender instanceof ConsoleAppender<ILoggingEvent>) {
          // Every console appender sees each event: only the first one's filter records it.
          appender.addFilter(hold.held.isEmpty() ? hold.filter : hold.denyAll);
          hold.held.add(appender);
        }
      }
    }
    return hold;
  }

  /** Lets console logging through again and prints the warnings and errors held meanwhile. */
  @Override
  public void close() {
    for (Appender<ILoggingEvent> appender : held) {
      List<Filter<ILoggingEvent>> filters =
          new ArrayList<>(appender.getCopyOfAttachedFiltersList());
      filters.remove(filter);
      filters.remove(denyAll);
      appender.clearAllFilters();
      filters.forEach(appender::addFilter);
    }
    List<String> shown;
    int total;
    synchronized (filter) {
      shown = List.copyOf(filter.shown);
      total = filter.warnings;
    }
    if (total == 0) {
      return;
    }
    out.println(total + (total == 1 ? " warning" : " warnings") + " while the bar was shown:");
    shown.forEach(line -> out.println("  " + line));
    if (total > shown.size()) {
      out.println("  … and " + (total - shown.size()) + " more in the log file");
    }
  }

  /** Drops every event on the console; remembers warnings and errors. */
  private static final class Hold extends Filter<ILoggingEvent> {
    final List<String> shown = new ArrayList<>();
    int warnings;

    @Override
    public FilterReply decide(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        synchronized (this) {
          warnings++;
          if (shown.size() < MAX_SHOWN) {
            shown.add(
                event.getLevel() + " " + shortName(event.getLoggerName()) + ": " + message(event));
          }
        }
      }
      return FilterReply.DENY;
    }

    private static String message(ILoggingEvent event) {
      @Nullable String message = event.getFormattedMessage();
      return message == null ? "" : message;
    }

    private static String shortName(String loggerName) {
      int dot = loggerName.lastIndexOf('.');
      return dot < 0 ? loggerName : loggerName.substring(dot + 1);
    }
  }
}
