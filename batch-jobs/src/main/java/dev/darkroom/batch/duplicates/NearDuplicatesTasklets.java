package dev.darkroom.batch.duplicates;

import dev.darkroom.batch.tools.phash.PhashTool;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.duplicates.IndexMembers;
import dev.darkroom.core.run.Run;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The three steps of one launch of the {@code near-duplicates} job, sharing the launch's state.
 * Each {@code execute} call runs in its own transaction (Batch's tasklet step), so one bucket or
 * one page of clusters is one commit; everything a later launch needs is in PostgreSQL, nothing in
 * Batch's execution context (ADR 0021).
 */
final class NearDuplicatesTasklets {

  static final int CLUSTERS_PER_COMMIT = 200;

  private final DuplicateRepository duplicates;
  private final Run run;
  private final String step;
  private final NearDuplicatesSettings settings;
  private final BooleanSupplier stopRequested;
  private final NearDuplicatesService.Listener listener;
  private long indexId = -1;
  private NearDuplicateClusters clusters;
  private List<int[]> pendingBuckets;
  private int nextBucket;
  private long publishedAfter = Long.MIN_VALUE;
  private boolean absorbedDeleted;

  NearDuplicatesTasklets(
      DuplicateRepository duplicates,
      Run run,
      String step,
      NearDuplicatesSettings settings,
      BooleanSupplier stopRequested,
      NearDuplicatesService.Listener listener) {
    this.duplicates = duplicates;
    this.run = run;
    this.step = step;
    this.settings = settings;
    this.stopRequested = stopRequested;
    this.listener = listener;
  }

  long indexId() {
    return indexId;
  }

  /** Finds or creates the index, records the launch, adds the hashes not indexed yet. */
  Tasklet ingest() {
    return (StepContribution contribution, ChunkContext context) -> {
      String scope =
          run.policy().sandbox()
              ? DuplicateRepository.sandboxScope(run.id())
              : DuplicateRepository.CATALOG_SCOPE;
      String version = run.toolVersions().getOrDefault(PhashTool.ID, PhashTool.VERSION);
      indexId = duplicates.indexId(scope, settings.threshold(), version);
      duplicates.startStep(run.id(), step, indexId);
      duplicates.ingest(indexId, run.id(), step, PhashTool.KIND, version, run.policy().sandbox());
      return RepeatStatus.FINISHED;
    };
  }

  /** One hash bucket of pending members per call: search, unite, commit labels and progress. */
  Tasklet merge() {
    return (StepContribution contribution, ChunkContext context) -> {
      if (clusters == null) {
        load();
      }
      if (stopRequested.getAsBoolean()) {
        context.getStepContext().getStepExecution().setTerminateOnly();
        return RepeatStatus.FINISHED;
      }
      if (nextBucket >= pendingBuckets.size()) {
        return RepeatStatus.FINISHED;
      }
      int[] members = pendingBuckets.get(nextBucket++);
      NearDuplicateClusters.LabelChanges changes = clusters.merge(members);
      long[] merged = new long[members.length];
      IndexMembers all = loaded;
      for (int i = 0; i < members.length; i++) {
        merged[i] = all.assetIds()[members[i]];
      }
      duplicates.commitBucket(
          indexId,
          run.id(),
          step,
          Arrays.stream(changes.assetIds()).mapToLong(Long::longValue).toArray(),
          Arrays.stream(changes.labels()).mapToLong(Long::longValue).toArray(),
          merged);
      listener.bucketMerged(nextBucket, pendingBuckets.size());
      return nextBucket < pendingBuckets.size() ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    };
  }

  private IndexMembers loaded;

  private void load() {
    loaded = duplicates.members(indexId);
    clusters =
        new NearDuplicateClusters(
            loaded.assetIds(), loaded.hashes(), loaded.labels(), settings.threshold());
    List<List<Integer>> byBucket = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      byBucket.add(new ArrayList<>());
    }
    for (int i = 0; i < loaded.size(); i++) {
      if (loaded.pending()[i]) {
        byBucket.get(loaded.buckets()[i]).add(i);
      }
    }
    pendingBuckets = new ArrayList<>();
    for (List<Integer> bucket : byBucket) {
      if (!bucket.isEmpty()) {
        pendingBuckets.add(bucket.stream().mapToInt(Integer::intValue).toArray());
      }
    }
  }

  /** One page of changed clusters per call: a cluster artifact with lineage to every member. */
  Tasklet publish() {
    return (StepContribution contribution, ChunkContext context) -> {
      if (!absorbedDeleted) {
        duplicates.deleteAbsorbedClusters(indexId);
        absorbedDeleted = true;
      }
      if (stopRequested.getAsBoolean()) {
        context.getStepContext().getStepExecution().setTerminateOnly();
        return RepeatStatus.FINISHED;
      }
      List<Long> labels =
          duplicates.clustersToPublish(indexId, run.id(), publishedAfter, CLUSTERS_PER_COMMIT);
      if (labels.isEmpty()) {
        return RepeatStatus.FINISHED;
      }
      Map<Long, List<long[]>> members = duplicates.clusterHashes(indexId, labels);
      int written = 0;
      for (Map.Entry<Long, List<long[]>> cluster : members.entrySet()) {
        if (cluster.getValue().size() < 2) {
          continue;
        }
        long[] inputs = cluster.getValue().stream().mapToLong(m -> m[2]).toArray();
        duplicates.writeCluster(
            indexId,
            run.id(),
            cluster.getKey(),
            json(cluster.getKey(), cluster.getValue()),
            NearDuplicatesService.STEP,
            NearDuplicatesService.VERSION,
            settings.toParameters().canonicalJson(),
            settings.toParameters().sha256(),
            inputs);
        written++;
      }
      duplicates.countClustersWritten(run.id(), step, written);
      publishedAfter = labels.get(labels.size() - 1);
      return RepeatStatus.CONTINUABLE;
    };
  }

  /** {"threshold":8,"members":[{"assetId":3,"phash":"…","distance":0},…]}, by asset id. */
  private String json(long clusterId, List<long[]> members) {
    long first = members.get(0)[1];
    StringBuilder json =
        new StringBuilder("{\"clusterId\":")
            .append(clusterId)
            .append(",\"threshold\":")
            .append(settings.threshold())
            .append(",\"members\":[");
    for (int i = 0; i < members.size(); i++) {
      long[] m = members.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"assetId\":")
          .append(m[0])
          .append(",\"phash\":\"")
          .append(dev.darkroom.batch.tools.phash.PerceptualHash.toHex(m[1]))
          .append("\",\"distance\":")
          .append(Long.bitCount(first ^ m[1]))
          .append(",\"phashArtifactId\":")
          .append(m[2])
          .append('}');
    }
    return json.append("]}").toString();
  }
}
