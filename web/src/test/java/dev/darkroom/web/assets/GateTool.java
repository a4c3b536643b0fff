package dev.darkroom.web.assets;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test tool that lets the first {@link #OPEN} units through and holds every later one until
 * {@link #open()}: a run stops mid-way, after a committed chunk, for as long as a test looks at it.
 * It outputs nothing; the tools before it in the pipeline do.
 */
final class GateTool implements Tool {

  static final int OPEN = 2;

  private static final AtomicInteger CALLS = new AtomicInteger();
  private static volatile CountDownLatch gate = new CountDownLatch(1);

  static void close() {
    CALLS.set(0);
    gate = new CountDownLatch(1);
  }

  static void open() {
    gate.countDown();
  }

  @Override
  public String id() {
    return "gate";
  }

  @Override
  public String version() {
    return "1";
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
    if (CALLS.incrementAndGet() > OPEN) {
      try {
        // Bounded, so that a failing test cannot hang the build.
        gate.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ToolResult.success(List.of());
  }
}
