package dev.darkroom.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.darkroom.core.events.nats.NatsProperties;
import dev.darkroom.core.events.nats.NatsRunEvents;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The NATS adapter against a real {@code nats-server} with JetStream (skipped, naming it, when it
 * is not on PATH). Two adapters stand for two processes: a worker that publishes, a server that
 * subscribes.
 */
class NatsRunEventsTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final JsonSchemaSubset SCHEMA = JsonSchemaSubset.load("/schemas/run-event-v1.schema.json");

  NatsServer nats;
  final List<AutoCloseable> closing = new ArrayList<>();
  ListAppender<ILoggingEvent> logs;
  Logger adapterLog;

  @BeforeEach
  void captureLogs() {
    adapterLog = (Logger) LoggerFactory.getLogger(NatsRunEvents.class);
    logs = new ListAppender<>();
    logs.start();
    adapterLog.addAppender(logs);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
    adapterLog.detachAppender(logs);
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  void eventsOfOneProcessReachTheOthersAsSchemaJsonOnTheirSubjectsAndStayInTheStream()
      throws Exception {
    nats = NatsServer.start();
    NatsRunEvents worker = adapter();
    NatsRunEvents server = adapter();
    EventRecorder atWorker = new EventRecorder();
    EventRecorder atServer = new EventRecorder();
    worker.subscribe(atWorker);
    server.subscribe(atServer);
    Connection raw = Nats.connect(nats.url());
    closing.add(raw::close);
    Subscription wire = raw.subscribe("darkroom.runs.>");
    await(() -> worker.connected() && server.connected() && streamMessages(raw) == 0);
    List<RunEvent> sent = RunEventJsonTest.EXAMPLES;

    sent.forEach(worker::publish);

    assertThat(atServer.awaitCount(sent.size(), WAIT)).containsExactlyElementsOf(sent);
    List<String> subjects = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Message message = wire.nextMessage(WAIT);
      assertThat(message).as("message %d on the wire", i).isNotNull();
      String json = new String(message.getData(), StandardCharsets.UTF_8);
      assertThat(SCHEMA.validate(json)).as(json).isEmpty();
      subjects.add(message.getSubject());
    }
    assertThat(subjects)
        .containsExactly(
            "darkroom.runs.7.run-state-changed",
            "darkroom.runs.7.run-state-changed",
            "darkroom.runs.7.chunk-committed",
            "darkroom.runs.7.unit-failed");
    // The worker's own subscribers got each event once, not again from NATS.
    Thread.sleep(300);
    assertThat(atWorker.events()).containsExactlyElementsOf(sent);
    await(() -> streamMessages(raw) >= sent.size());
  }

  @Test
  void withNatsDownPublishingNeitherThrowsNorBlocksWarnsOncePerOutageAndResumesWhenItIsBack()
      throws Exception {
    nats = NatsServer.start();
    NatsRunEvents worker = adapter();
    NatsRunEvents server = adapter();
    EventRecorder atServer = new EventRecorder();
    server.subscribe(atServer);
    Connection raw = Nats.connect(nats.url());
    await(() -> worker.connected() && server.connected() && streamMessages(raw) >= 0);
    raw.close();

    nats.stop();
    await(() -> !worker.connected() && !server.connected());
    long started = System.nanoTime();
    assertThatCode(
            () -> {
              for (int i = 0; i < 5_000; i++) {
                worker.publish(changed(1000 + i));
              }
            })
        .doesNotThrowAnyException();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    await(() -> warnings().size() >= 2);
    Thread.sleep(500);

    assertThat(tookMillis).isLessThan(1_000);
    assertThat(warnings()).hasSize(2); // one per adapter, however many events were published

    nats.resume();
    await(() -> worker.connected() && server.connected());
    worker.publish(changed(1));
    atServer.await(event -> event.runId() == 1, WAIT);
    assertThat(logged())
        .anyMatch(
            event ->
                event.getLevel() == Level.INFO && event.getFormattedMessage().contains("back"));

    nats.stop();
    await(() -> !worker.connected() && !server.connected());
    worker.publish(changed(2));
    await(() -> warnings().size() >= 4);
    Thread.sleep(300);
    assertThat(warnings()).as("a second outage warns again").hasSize(4);
  }

  @Test
  void startsWithoutNatsAndConnectsOnceItIsUp() throws Exception {
    nats = NatsServer.create();
    long started = System.nanoTime();
    NatsRunEvents worker = adapter();
    NatsRunEvents server = adapter();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    EventRecorder atServer = new EventRecorder();
    server.subscribe(atServer);
    assertThatCode(() -> worker.publish(changed(5))).doesNotThrowAnyException();

    nats.resume();
    await(() -> worker.connected() && server.connected());
    worker.publish(changed(6));

    assertThat(tookMillis).isLessThan(2_000);
    atServer.await(event -> event.runId() == 6, WAIT);
  }

  private NatsRunEvents adapter() {
    NatsRunEvents events =
        NatsRunEvents.start(
            new NatsProperties(
                nats.url(),
                "DARKROOM_RUNS",
                Duration.ofHours(1),
                Duration.ofMillis(200),
                Duration.ofSeconds(1)));
    closing.add(0, events);
    return events;
  }

  private List<ILoggingEvent> warnings() {
    return logged().stream().filter(event -> event.getLevel() == Level.WARN).toList();
  }

  /** What the adapters logged so far (the appender adds under its own lock). */
  private List<ILoggingEvent> logged() {
    synchronized (logs) {
      return List.copyOf(logs.list);
    }
  }

  private static long streamMessages(Connection raw) {
    try {
      return raw.jetStreamManagement()
          .getStreamInfo("DARKROOM_RUNS")
          .getStreamState()
          .getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }

  private static RunStateChanged changed(long runId) {
    return new RunStateChanged(runId, RunStatus.RUNNING, RunStatus.PAUSED, Instant.now());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
