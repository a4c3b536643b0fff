package dev.darkroom.batch.testing;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one test tool that makes a run last and tells what it did: for each image it takes its pace
 * (changeable while a run goes), waits while held, counts its call per asset, and returns an
 * artifact of its own id's kind, inline or as a stored blob that depends only on the asset. It can
 * record each call to a file, {@code <pid> <asset id>} per line in one small append (whole lines
 * even with several JVMs appending or a JVM killed), so a test counts redone units across worker or
 * server JVMs, and it can throw for one media type, so a tool failure fails its unit only. Shared
 * with the temporal-orchestrator and web tests through batch-jobs' test jar (this package only).
 */
public final class PacedTool implements Tool {

  private final String id;
  private volatile long paceMillis;
  private volatile boolean held;
  private volatile boolean storesBlobs;
  private volatile @Nullable Path callsFile;
  private volatile @Nullable String failingMediaType;
  private volatile String failure = "";
  private volatile String version = "1";
  private final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();

  private PacedTool(String id) {
    this.id = id;
  }

  /** A tool with this id (and artifact kind), no pace, inline output. */
  public static PacedTool named(String id) {
    return new PacedTool(id);
  }

  /** Takes {@code millis} per image from the next call on. */
  public PacedTool pace(long millis) {
    this.paceMillis = millis;
    return this;
  }

  /** Stores a small blob per image instead of an inline value. */
  public PacedTool storingBlobs() {
    this.storesBlobs = true;
    return this;
  }

  /** Appends {@code <pid> <asset id>} to {@code file} on every call; null records nothing. */
  public PacedTool recordingCallsTo(@Nullable Path file) {
    this.callsFile = file;
    return this;
  }

  /** Throws {@code message} for images of this media type (after its pace), failing their units. */
  public PacedTool failingFor(String mediaType, String message) {
    this.failure = message;
    this.failingMediaType = mediaType;
    return this;
  }

  /** Calls wait (after their pace) until {@link #release()}. */
  public PacedTool hold() {
    this.held = true;
    return this;
  }

  /** Reports {@code version} from now on, as a new release of the tool would (default 1). */
  public PacedTool version(String version) {
    this.version = version;
    return this;
  }

  public PacedTool release() {
    this.held = false;
    return this;
  }

  /** Calls in this JVM per asset id since the last {@link #resetCalls()}. */
  public Map<Long, Integer> calls() {
    return calls.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
  }

  /** Calls beyond the first per asset in this JVM: units done again. */
  public long redoneCalls() {
    return calls.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
  }

  public void resetCalls() {
    calls.clear();
  }

  /** One recorded call: the JVM that made it and the asset. */
  public record RecordedCall(long pid, long assetId) {}

  /** The calls recorded to {@code file} by any JVM, in order; none when it does not exist. */
  public static List<RecordedCall> recordedCalls(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .map(line -> line.trim().split(" "))
          .map(parts -> new RecordedCall(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return MediaTypeSet.of("image/*");
  }

  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    return requested;
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!acceptedMediaTypes().accepts(input.mediaType())) {
      return ToolResult.skipped("not an image");
    }
    calls.computeIfAbsent(input.assetId(), asset -> new AtomicInteger()).incrementAndGet();
    Path file = callsFile;
    if (file != null) {
      record(file, input.assetId());
    }
    sleep(paceMillis);
    while (held && !Thread.currentThread().isInterrupted()) {
      sleep(50);
    }
    if (input.mediaType().equals(failingMediaType)) {
      throw new IllegalStateException(failure);
    }
    return ToolResult.success(
        storesBlobs
            ? ToolOutput.stored(
                id,
                "text/plain",
                (id + " asset " + input.assetId()).getBytes(StandardCharsets.UTF_8))
            : ToolOutput.inline(id, "{\"asset\":" + input.assetId() + "}"));
  }

  private static void record(Path file, long assetId) {
    try {
      Files.writeString(
          file,
          ProcessHandle.current().pid() + " " + assetId + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // Keep the flag so a stopping step sees it; a held call stops waiting too.
      Thread.currentThread().interrupt();
    }
  }
}
