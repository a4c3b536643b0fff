package dev.darkroom.web.mainjob;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The main job's progress display: logs held off the bar, the tree's total, byte formatting. */
class ProgressDisplayTest {

  @TempDir Path tree;

  @Test
  void logLinesNeverReachTheConsoleWhileHeldAndWarningsArePrintedAfterwards() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    ByteArrayOutputStream afterBar = new ByteArrayOutputStream();
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.darkroom.test.Noisy");
    try {
      // given a console appender writing to a captured System.out
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%level %msg%n");
      encoder.start();
      appender.setContext(context);
      appender.setEncoder(encoder);
      appender.setName("TEST-CONSOLE");
      appender.start();
      root.addAppender(appender);

      // when lines are logged while the bar is shown, and after
      try (ConsoleLogHold hold =
          ConsoleLogHold.start(new PrintStream(afterBar, true, StandardCharsets.UTF_8))) {
        log.info("chunk committed");
        log.warn("NATS is down; events are not published");
      }
      log.warn("after the bar");
    } finally {
      root.detachAppender(appender);
      appender.stop();
      System.setOut(originalOut);
    }

    // then the console got only the line logged after the bar, and the warning came after it
    String shown = console.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("WARN after the bar").doesNotContain("chunk committed");
    assertThat(shown).doesNotContain("NATS is down");
    assertThat(afterBar.toString(StandardCharsets.UTF_8))
        .contains("1 warning while the bar was shown:")
        .contains("WARN Noisy: NATS is down; events are not published")
        .doesNotContain("chunk committed");
    assertThat(appender.getCopyOfAttachedFiltersList())
        .as("the hold's filter is removed")
        .isEmpty();
  }

  @Test
  void theTreeCountCountsEveryEntryAndTheBytesOfRegularFiles() throws Exception {
    Files.write(tree.resolve("a.jpg"), new byte[1000]);
    Files.createDirectories(tree.resolve("deep/er"));
    Files.write(tree.resolve("deep/er/b.jpg"), new byte[24]);
    Files.write(tree.resolve("deep/empty.txt"), new byte[0]);

    TreeCount count = TreeCount.start(List.of(tree));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!count.done() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(count.done()).isTrue();
    assertThat(count.files()).isEqualTo(3);
    assertThat(count.bytes()).isEqualTo(1024);
  }

  @Test
  void bytesAreShownInBinaryUnits() {
    assertThat(ScanBarUpdater.bytes(0)).isEqualTo("0 B");
    assertThat(ScanBarUpdater.bytes(1023)).isEqualTo("1023 B");
    assertThat(ScanBarUpdater.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(ScanBarUpdater.bytes(2L * 1024 * 1024 * 1024)).isEqualTo("2.0 GiB");
  }
}
