package dev.darkroom.batch.pipeline;

import java.util.List;

/**
 * The processed units of one chunk: as many as were finished before the chunk's unit count or its
 * time budget ran out. The step's item is a batch, so a chunk can end on time, not only on count.
 */
record UnitBatch(List<UnitResult> results) {

  UnitBatch {
    results = List.copyOf(results);
  }
}
