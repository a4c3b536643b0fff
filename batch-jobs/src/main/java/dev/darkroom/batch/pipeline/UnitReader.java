package dev.darkroom.batch.pipeline;

import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.RunUnitRepository;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamSupport;

/**
 * Reads a partition's unfinished units ({@code PENDING} or {@code RUNNING}) in key order, a page at
 * a time. Units a committed chunk finished are never read again, whatever Batch's bookkeeping says.
 *
 * <p>Restartable: its state is the last key read, saved with every chunk. A restart reads the keys
 * after it first, then once more the keys up to it. That second pass finds nothing unless Batch
 * saved a position for a chunk that was rolled back (spring-batch #5182); with it, such units are
 * still processed instead of silently skipped. Returns null when both passes are exhausted. Not
 * thread-safe; the step reads from one thread.
 */
class UnitReader extends ItemStreamSupport implements ItemStreamReader<PendingUnit> {

  static final String NAME = "pipeline-unit-reader";
  static final String LAST_KEY = "last-key";

  private final RunUnitRepository units;
  private final long runId;
  private final int partitionNo;
  private final int pageSize;
  private final Deque<PendingUnit> page = new ArrayDeque<>();

  private String lastKey = "";
  private @Nullable String restartedAt;
  private boolean secondPass;
  private boolean exhausted;

  UnitReader(RunUnitRepository units, long runId, int partitionNo, int pageSize) {
    this.units = units;
    this.runId = runId;
    this.partitionNo = partitionNo;
    this.pageSize = pageSize;
    setName(NAME);
  }

  @Override
  public void open(ExecutionContext context) {
    String key = getExecutionContextKey(LAST_KEY);
    lastKey = context.containsKey(key) ? context.getString(key) : "";
    restartedAt = lastKey.isEmpty() ? null : lastKey;
    secondPass = false;
    exhausted = false;
    page.clear();
  }

  @Override
  public @Nullable PendingUnit read() {
    while (page.isEmpty() && !exhausted) {
      fetch();
    }
    PendingUnit unit = page.poll();
    if (unit != null) {
      lastKey = unit.unitKey();
    }
    return unit;
  }

  private void fetch() {
    if (!secondPass) {
      page.addAll(units.pendingAfter(runId, partitionNo, lastKey, pageSize));
      if (page.isEmpty()) {
        if (restartedAt == null) {
          exhausted = true;
        } else {
          secondPass = true;
          lastKey = "";
        }
      }
      return;
    }
    page.addAll(units.pendingBetween(runId, partitionNo, lastKey, restartedAt, pageSize));
    if (page.isEmpty()) {
      exhausted = true;
    }
  }

  @Override
  public void update(ExecutionContext context) {
    context.putString(getExecutionContextKey(LAST_KEY), lastKey);
  }
}
