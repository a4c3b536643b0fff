package dev.darkroom.web.runs;

import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunEventJson;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.RunStateChanged;
import dev.darkroom.core.run.UnknownRunException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live streams (server-sent events) of the dashboard and the API, a bounded set.
 *
 * <ul>
 *   <li>Run page: re-rendered fragments ({@link RunFragments}) named {@code progress}, {@code
 *       partitions}, {@code chart}, {@code failures} and, for operators, {@code actions}, for
 *       htmx's SSE extension to swap in.
 *   <li>Runs list: the rows, event {@code runs}.
 *   <li>API: every {@link RunEvent} of the run as {@code darkroom.run-event/v1} JSON, the event
 *       named by its type, and a {@code progress} snapshot ({@link RunStatusView} JSON); the stream
 *       ends after the snapshot that shows the run ended, once the run's final {@code
 *       RunStateChanged} has been sent too (or {@value #END_GRACE_MILLIS} ms after that snapshot
 *       when none comes: NATS down, another process).
 * </ul>
 *
 * Pushed when run events arrive (coalesced for a quarter second) and, whether or not any arrive,
 * every {@code poll-interval} from PostgreSQL while a run is active: the pages stay live with NATS
 * down or absent and for runs that other processes execute. A fragment is sent only when its HTML
 * changed. Idle streams get a comment every {@code heartbeat}. One thread does all of it, so a
 * stream never gets two sends at once; a stream whose client left is dropped at its next send.
 */
@Component
class RunStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RunStreams.class);
  private static final long COALESCE_MILLIS = 250;
  // The final state change is published after the commit the poll may already have read, through
  // an asynchronous bus: a client must not lose it because the poll was quicker.
  static final long END_GRACE_MILLIS = 5_000;

  private final RunViews views;
  private final RunFragments fragments;
  private final JsonMapper json;
  private final RunStreamProperties properties;
  private final RunEvents.Subscription subscription;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Set<Long> dirtyRuns = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean listsDirty = new AtomicBoolean();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  // Whether each watched run was active at the last poll: one more refresh when it ends, even if
  // no event said so (NATS down, another process).
  private final Map<Long, Boolean> wasActive = new HashMap<>();
  private volatile boolean running;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "run-streams");
            thread.setDaemon(true);
            return thread;
          });

  RunStreams(
      RunEvents events,
      RunViews views,
      RunFragments fragments,
      JsonMapper json,
      RunStreamProperties properties) {
    this.views = views;
    this.fragments = fragments;
    this.json = json;
    this.properties = properties;
    long poll = properties.pollInterval().toMillis();
    long heartbeat = properties.heartbeat().toMillis();
    worker.scheduleWithFixedDelay(guarded(this::poll), poll, poll, TimeUnit.MILLISECONDS);
    worker.scheduleWithFixedDelay(
        guarded(this::heartbeat), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    this.subscription = events.subscribe(this::onEvent);
  }

  /**
   * The run page's stream; sends the current fragments at once.
   *
   * @throws UnknownRunException if there is no such run
   * @throws TooManyStreamsException if every stream is taken
   */
  SseEmitter runPage(long runId, boolean operator, String base) {
    views.status(runId);
    return open(new RunPageStream(emitter(), runId, operator, base), () -> refreshRun(runId));
  }

  /** The runs list's stream; sends the current rows at once. */
  SseEmitter runList(RunListQuery query, String base) {
    return open(new ListStream(emitter(), query, base), this::refreshLists);
  }

  /**
   * The API's stream of one run's events; sends a progress snapshot at once.
   *
   * @throws UnknownRunException if there is no such run
   */
  SseEmitter apiEvents(long runId) {
    views.status(runId);
    return open(new ApiStream(emitter(), runId), () -> snapshot(runId));
  }

  /** Open streams right now. */
  int open() {
    return streams.size();
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every stream first thing at shutdown (the default phase stops before the web server's
   * graceful shutdown), so open streams neither hold the shutdown up nor poll a database that is
   * going away.
   */
  @Override
  public void stop() {
    running = false;
    subscription.close();
    worker.shutdownNow();
    for (Stream stream : streams) {
      try {
        stream.emitter.complete();
      } catch (RuntimeException ignored) {
        // the client is gone already
      }
    }
    streams.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private SseEmitter emitter() {
    return new SseEmitter(properties.timeout().toMillis());
  }

  private synchronized SseEmitter open(Stream stream, Runnable first) {
    if (!running || streams.size() >= properties.maxStreams()) {
      throw new TooManyStreamsException(properties.maxStreams());
    }
    streams.add(stream);
    SseEmitter emitter = stream.emitter;
    emitter.onCompletion(() -> streams.remove(stream));
    emitter.onTimeout(
        () -> {
          streams.remove(stream);
          emitter.complete();
        });
    emitter.onError(error -> streams.remove(stream));
    worker.execute(guarded(first));
    return emitter;
  }

  private void onEvent(RunEvent event) {
    if (streams.isEmpty()) {
      return;
    }
    boolean apiWatching = false;
    for (Stream stream : streams) {
      apiWatching |= stream instanceof ApiStream api && api.runId == event.runId();
    }
    if (apiWatching) {
      String type = RunEventJson.type(event);
      String data = RunEventJson.toJson(event);
      worker.execute(
          guarded(
              () -> {
                for (Stream stream : streams) {
                  if (stream instanceof ApiStream api
                      && api.runId == event.runId()
                      && send(stream, type, data, MediaType.APPLICATION_JSON)
                      && event instanceof RunStateChanged changed
                      && changed.to().terminal()) {
                    api.endEventSent = true;
                    if (api.endShown) {
                      end(api);
                    }
                  }
                }
              }));
    }
    dirtyRuns.add(event.runId());
    listsDirty.set(true);
    if (flushScheduled.compareAndSet(false, true)) {
      worker.schedule(guarded(this::flush), COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    flushScheduled.set(false);
    List<Long> runs = new ArrayList<>(dirtyRuns);
    dirtyRuns.removeAll(runs);
    for (long runId : runs) {
      refreshRun(runId);
    }
    if (listsDirty.getAndSet(false)) {
      refreshLists();
    }
  }

  private void poll() {
    Set<Long> watched = new java.util.HashSet<>();
    for (Stream stream : streams) {
      if (stream instanceof RunPageStream page) {
        watched.add(page.runId);
      } else if (stream instanceof ApiStream api) {
        watched.add(api.runId);
      }
    }
    wasActive.keySet().retainAll(watched);
    for (long runId : watched) {
      boolean active = views.active(runId);
      Boolean before = wasActive.put(runId, active);
      if (active || Boolean.TRUE.equals(before)) {
        refreshRun(runId);
        snapshot(runId);
      }
    }
    refreshLists();
  }

  private void heartbeat() {
    for (Stream stream : streams) {
      try {
        stream.emitter.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | RuntimeException e) {
        drop(stream);
      }
    }
  }

  /** Pushes the run page's changed fragments to everyone watching it. */
  private void refreshRun(long runId) {
    List<RunPageStream> watching = new ArrayList<>();
    for (Stream stream : streams) {
      if (stream instanceof RunPageStream page && page.runId == runId) {
        watching.add(page);
      }
    }
    if (watching.isEmpty()) {
      return;
    }
    RunPageModel page;
    try {
      page = views.page(runId);
    } catch (UnknownRunException e) {
      watching.forEach(this::drop);
      return;
    }
    Map<List<Object>, Map<String, String>> rendered = new HashMap<>();
    for (RunPageStream stream : watching) {
      Map<String, String> html =
          rendered.computeIfAbsent(
              List.of(stream.operator, stream.base),
              variant -> fragments.runPage(page, stream.operator, stream.base));
      html.forEach((name, fragment) -> sendIfChanged(stream, name, fragment));
    }
  }

  private void refreshLists() {
    Map<List<Object>, String> rendered = new HashMap<>();
    for (Stream stream : streams) {
      if (stream instanceof ListStream list) {
        RunListQuery query = list.query;
        String html =
            rendered.computeIfAbsent(
                List.of(Objects.toString(query), list.base),
                variant ->
                    fragments.runRows(
                        views.list(query.status(), query.pipeline(), query.before(), query.limit()),
                        list.base));
        sendIfChanged(list, RunFragments.RUN_ROWS, html);
      }
    }
  }

  /** The API streams' progress snapshot; the stream ends once it shows the run ended. */
  private void snapshot(long runId) {
    List<Stream> watching = new ArrayList<>();
    for (Stream stream : streams) {
      if (stream instanceof ApiStream api && api.runId == runId) {
        watching.add(api);
      }
    }
    if (watching.isEmpty()) {
      return;
    }
    RunStatusView status;
    try {
      status = views.status(runId);
    } catch (UnknownRunException e) {
      watching.forEach(this::drop);
      return;
    }
    String data = json.writeValueAsString(status);
    for (Stream stream : watching) {
      if (!(stream instanceof ApiStream api)
          || !send(stream, "progress", data, MediaType.APPLICATION_JSON)) {
        continue;
      }
      if (status.active()) {
        api.sawActive = true;
      } else {
        api.endShown = true;
        // A run that had ended before the stream opened has no state change left to send.
        if (api.endEventSent || !api.sawActive) {
          end(api);
        } else {
          worker.schedule(guarded(() -> end(api)), END_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private void sendIfChanged(Stream stream, String name, String html) {
    if (html.equals(stream.lastSent.get(name))) {
      return;
    }
    if (send(stream, name, html, MediaType.TEXT_HTML)) {
      stream.lastSent.put(name, html);
    }
  }

  private boolean send(Stream stream, String name, String data, MediaType type) {
    if (!streams.contains(stream)) {
      return false;
    }
    try {
      stream.emitter.send(SseEmitter.event().name(name).data(data, type));
      return true;
    } catch (IOException | RuntimeException e) {
      drop(stream);
      return false;
    }
  }

  private void drop(Stream stream) {
    if (streams.remove(stream)) {
      try {
        stream.emitter.complete();
      } catch (RuntimeException ignored) {
        // the client is gone already
      }
    }
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("Live run streams: {}", e.toString(), e);
      }
    };
  }

  private abstract static class Stream {
    final SseEmitter emitter;
    final Map<String, String> lastSent = new HashMap<>();

    Stream(SseEmitter emitter) {
      this.emitter = emitter;
    }
  }

  private static final class RunPageStream extends Stream {
    final long runId;
    final boolean operator;
    final String base;

    RunPageStream(SseEmitter emitter, long runId, boolean operator, String base) {
      super(emitter);
      this.runId = runId;
      this.operator = operator;
      this.base = base;
    }
  }

  private static final class ListStream extends Stream {
    final RunListQuery query;
    final String base;

    ListStream(SseEmitter emitter, RunListQuery query, String base) {
      super(emitter);
      this.query = query;
      this.base = base;
    }
  }

  /** Ends an API stream that showed its run's end; a second call does nothing. */
  private void end(ApiStream stream) {
    if (streams.remove(stream)) {
      stream.emitter.complete();
    }
  }

  private static final class ApiStream extends Stream {
    final long runId;
    // Touched only by the worker thread.
    boolean sawActive;
    boolean endShown;
    boolean endEventSent;

    ApiStream(SseEmitter emitter, long runId) {
      super(emitter);
      this.runId = runId;
    }
  }
}
