package dev.darkroom.core.events.nats;

import dev.darkroom.core.events.InProcessRunEvents;
import dev.darkroom.core.events.InvalidRunEventException;
import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunEventJson;
import dev.darkroom.core.events.RunEvents;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run events over NATS. {@link #publish} hands the event to this process's subscribers at once and
 * queues it for NATS; a daemon thread publishes it on {@code darkroom.runs.<runId>.<type>} ({@link
 * NatsSubjects}), where the JetStream stream (default {@code DARKROOM_RUNS}, created when missing)
 * keeps it for {@code max-age}. {@link #subscribe} receives this process's events and those of
 * every other process (workers, other servers), read from the stream's subjects.
 *
 * <p>Nothing waits for NATS. The first connection is attempted in the background, again every
 * {@code reconnect-wait} until it succeeds; after that jnats reconnects by itself and keeps what
 * was published meanwhile in a bounded buffer. When NATS is unreachable, events for other processes
 * are dropped, one warning is logged per outage, and one line when it is back.
 */
public final class NatsRunEvents implements RunEvents, AutoCloseable {

  /** Marks the publishing process, so a process does not deliver its own events twice. */
  static final String ORIGIN_HEADER = "Darkroom-Origin";

  private static final Logger log = LoggerFactory.getLogger(NatsRunEvents.class);
  private static final int OUTBOX_CAPACITY = 10_000;
  // What jnats keeps while reconnecting; beyond it publishing fails (and events are dropped).
  private static final long RECONNECT_BUFFER_BYTES = 1024 * 1024;
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int STREAM_NAME_IN_USE = 10058;

  private final NatsProperties settings;
  private final InProcessRunEvents local = new InProcessRunEvents();
  private final String origin = UUID.randomUUID().toString();
  private final BlockingQueue<RunEvent> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);
  private final ExecutorService admin =
      Executors.newSingleThreadExecutor(daemon("nats-run-events-admin"));
  private final AtomicBoolean outage = new AtomicBoolean();
  private final AtomicBoolean streamWarned = new AtomicBoolean();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread connector;
  private final Thread publisher;
  private volatile @Nullable Connection connection;
  private volatile boolean closed;

  private NatsRunEvents(NatsProperties settings) {
    this.settings = settings;
    this.connector = daemon("nats-run-events-connect").newThread(this::connect);
    this.publisher = daemon("nats-run-events-publish").newThread(this::publishLoop);
  }

  /** Starts connecting in the background and returns at once. */
  public static NatsRunEvents start(NatsProperties settings) {
    if (!settings.configured()) {
      throw new IllegalArgumentException("darkroom.nats.url is not set");
    }
    NatsRunEvents events = new NatsRunEvents(settings);
    events.connector.start();
    events.publisher.start();
    log.info(
        "Run events: NATS at {} (stream {}), connecting in the background",
        settings.url(),
        settings.stream());
    return events;
  }

  @Override
  public void publish(RunEvent event) {
    local.publish(event);
    if (closed) {
      return;
    }
    if (!outbox.offer(event)) {
      dropped.incrementAndGet();
      outage("more than " + OUTBOX_CAPACITY + " events wait to be published");
    }
  }

  @Override
  public Subscription subscribe(Consumer<? super RunEvent> listener) {
    return local.subscribe(listener);
  }

  /** Whether the connection to NATS is up right now. */
  public boolean connected() {
    Connection current = connection;
    return current != null && current.getStatus() == Connection.Status.CONNECTED;
  }

  /** Events handed to NATS (or to jnats' reconnect buffer) since start. */
  public long published() {
    return published.get();
  }

  /** Events other processes will not see: NATS was unreachable or the outbox full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    closed = true;
    connector.interrupt();
    publisher.interrupt();
    admin.shutdownNow();
    local.close();
    Connection current = connection;
    if (current != null) {
      try {
        current.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void connect() {
    Options options =
        Options.builder()
            .server(settings.url())
            .connectionName("darkroom-run-events")
            .connectionTimeout(settings.connectTimeout())
            .maxReconnects(-1)
            .reconnectWait(settings.reconnectWait())
            .reconnectBufferSize(RECONNECT_BUFFER_BYTES)
            .connectionListener(this::onConnectionEvent)
            .errorListener(new QuietErrorListener())
            .build();
    while (!closed) {
      try {
        Connection opened = Nats.connect(options);
        if (closed) {
          opened.close();
          return;
        }
        connection = opened;
        Dispatcher dispatcher = opened.createDispatcher(this::onMessage);
        dispatcher.subscribe(NatsSubjects.ALL);
        admin.execute(() -> ensureStream(opened));
        recovered();
        log.info("Run events: connected to NATS at {}", settings.url());
        return;
      } catch (IOException e) {
        outage(e.getMessage());
        sleep(settings.reconnectWait());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onConnectionEvent(Connection conn, ConnectionListener.Events type) {
    switch (type) {
      case DISCONNECTED:
        if (!closed) {
          outage("the connection was lost");
        }
        break;
      case RECONNECTED:
        if (!admin.isShutdown()) {
          admin.execute(() -> ensureStream(conn));
        }
        recovered();
        break;
      default:
        break;
    }
  }

  private void publishLoop() {
    while (!closed) {
      RunEvent event;
      try {
        event = outbox.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        send(event);
      }
    }
  }

  private void send(RunEvent event) {
    Connection current = connection;
    if (current == null) {
      dropped.incrementAndGet();
      outage("not connected yet");
      return;
    }
    try {
      Headers headers = new Headers().put(ORIGIN_HEADER, origin);
      current.publish(NatsSubjects.of(event), headers, RunEventJson.toBytes(event));
      published.incrementAndGet();
    } catch (RuntimeException e) {
      // Closed, or the reconnect buffer is full: this event is lost for other processes.
      dropped.incrementAndGet();
      outage(e.getMessage());
    }
  }

  private void onMessage(Message message) {
    Headers headers = message.getHeaders();
    if (headers != null && origin.equals(headers.getFirst(ORIGIN_HEADER))) {
      return; // delivered locally when it was published
    }
    try {
      local.publish(RunEventJson.fromBytes(message.getData()));
    } catch (InvalidRunEventException e) {
      log.debug("Ignoring a message on {}: {}", message.getSubject(), e.getMessage());
    }
  }

  /** Creates the stream when it is missing: on every (re)connection, since NATS may be new. */
  private void ensureStream(Connection conn) {
    try {
      JetStreamManagement management = conn.jetStreamManagement();
      try {
        management.getStreamInfo(settings.stream());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
        management.addStream(
            StreamConfiguration.builder()
                .name(settings.stream())
                .description("Darkroom run events, schema " + RunEventJson.SCHEMA)
                .subjects(NatsSubjects.ALL)
                .storageType(StorageType.File)
                .discardPolicy(DiscardPolicy.Old)
                .maxAge(settings.maxAge())
                .build());
        log.info("Run events: created JetStream stream {}", settings.stream());
      }
      streamWarned.set(false);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
        streamProblem(e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      streamProblem(e.getMessage());
    }
  }

  private void streamProblem(@Nullable String reason) {
    // While NATS is down this is part of the outage, which has its own warning.
    if (connected() && streamWarned.compareAndSet(false, true)) {
      log.warn(
          "Run events: no JetStream stream {} on NATS at {} ({}); events are delivered live but"
              + " not kept. Start nats-server with JetStream (-js).",
          settings.stream(),
          settings.url(),
          reason);
    }
  }

  private void outage(@Nullable String reason) {
    if (outage.compareAndSet(false, true)) {
      log.warn(
          "Run events: NATS at {} is unavailable ({}); other processes will not see run events"
              + " until it is back. Runs go on, and the dashboard keeps reading PostgreSQL.",
          settings.url(),
          reason);
    }
  }

  private void recovered() {
    if (outage.compareAndSet(true, false)) {
      log.info(
          "Run events: NATS at {} is reachable again ({} events were dropped meanwhile)",
          settings.url(),
          dropped.get());
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** jnats reports every failed reconnect attempt; the outage warning above says it once. */
  private static final class QuietErrorListener implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      log.debug("NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      log.debug("NATS exception: {}", exp.toString());
    }
  }
}
