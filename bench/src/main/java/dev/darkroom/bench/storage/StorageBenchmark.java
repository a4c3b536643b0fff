package dev.darkroom.bench.storage;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import dev.darkroom.storage.minio.MinioStoreSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Issue 3's storage benchmark: put and get throughput of the filesystem store and of the S3 store
 * (against an embedded S3Proxy on loopback), beside a plain {@code Files.copy} of the same bytes,
 * in one run. Every put stores distinct content (no deduplication shortcut); every get reads a blob
 * to its end. Best of three rounds after a warm-up round.
 *
 * <p>The filesystem store hashes (SHA-256) and fsyncs every put; the plain copy does neither, so a
 * "Files.copy + fsync" row is printed too, to show where the difference goes.
 */
public final class StorageBenchmark {

  private static final int[] SIZES = {4 * 1024, 256 * 1024, 8 * 1024 * 1024};
  private static final int ROUNDS = 3;

  private StorageBenchmark() {}

  /** How many operations per round for a payload size: about 64 MiB, at least 16 ops. */
  private static int opsFor(int size) {
    return Math.max(16, Math.min(2_000, (64 * 1024 * 1024) / size));
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("darkroom-bench-storage");
    List<String> lines = new ArrayList<>();
    double fsPut8 = 0;
    double fsGet8 = 0;
    double copyPut8 = 0;
    double copyGet8 = 0;
    try (EmbeddedS3Proxy s3 = EmbeddedS3Proxy.start(Files.createDirectories(work.resolve("s3")));
        MinioArtifactStore minio =
            new MinioArtifactStore(
                MinioStoreSettings.of(
                    s3.endpoint(),
                    EmbeddedS3Proxy.ACCESS_KEY,
                    EmbeddedS3Proxy.SECRET_KEY,
                    "bench"))) {
      FilesystemArtifactStore filesystem =
          new FilesystemArtifactStore(work.resolve("fs-store"), List.of());
      Target[] targets = {
        new PlainCopy(Files.createDirectories(work.resolve("plain")), false),
        new PlainCopy(Files.createDirectories(work.resolve("plain-fsync")), true),
        new StoreTarget("filesystem store", filesystem),
        new StoreTarget("S3 store (S3Proxy)", minio),
      };
      long salt = System.nanoTime();
      for (int size : SIZES) {
        byte[] payload = new byte[size];
        new SplittableRandom(size).nextBytes(payload);
        int ops = opsFor(size);
        for (Target target : targets) {
          double put = Double.MAX_VALUE;
          double get = Double.MAX_VALUE;
          for (int round = 0; round <= ROUNDS; round++) {
            List<Object> handles = new ArrayList<>(ops);
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
              stamp(payload, salt++);
              handles.add(target.put(payload));
            }
            long t1 = System.nanoTime();
            for (Object handle : handles) {
              try (InputStream in = target.get(handle)) {
                in.transferTo(OutputStream.nullOutputStream());
              }
            }
            long t2 = System.nanoTime();
            if (round > 0) { // round 0 warms up the JIT and the connection pool
              put = Math.min(put, (t1 - t0) / 1e9);
              get = Math.min(get, (t2 - t1) / 1e9);
            }
            target.clear();
          }
          lines.add(row(target.name(), size, "put", ops, put));
          lines.add(row(target.name(), size, "get", ops, get));
          if (size == SIZES[SIZES.length - 1]) {
            if (target instanceof PlainCopy plain && !plain.fsync) {
              copyPut8 = ops / put;
              copyGet8 = ops / get;
            } else if (target instanceof StoreTarget store && store.store == filesystem) {
              fsPut8 = ops / put;
              fsGet8 = ops / get;
            }
          }
        }
      }
    } finally {
      deleteTree(work);
    }
    System.out.printf(
        Locale.ROOT,
        "%-22s %9s %4s %7s %12s %10s%n",
        "target",
        "payload",
        "op",
        "ops",
        "ops/s",
        "MB/s");
    lines.forEach(System.out::println);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "8 MiB filesystem store / plain Files.copy: put %.2fx, get %.2fx (target >= 0.8x)%n",
        fsPut8 / copyPut8,
        fsGet8 / copyGet8);
  }

  private static String row(String target, int size, String op, int ops, double seconds) {
    double opsPerSecond = ops / seconds;
    double mbPerSecond = (double) ops * size / seconds / 1e6;
    String payload = size >= 1024 * 1024 ? size / (1024 * 1024) + " MiB" : size / 1024 + " KiB";
    return String.format(
        Locale.ROOT,
        "%-22s %9s %4s %7d %12.1f %10.1f",
        target,
        payload,
        op,
        ops,
        opsPerSecond,
        mbPerSecond);
  }

  /** Makes each put distinct content, so no store can skip work by deduplicating. */
  private static void stamp(byte[] payload, long value) {
    for (int i = 0; i < 8; i++) {
      payload[i] = (byte) (value >>> (8 * i));
    }
  }

  private interface Target {
    String name();

    Object put(byte[] payload) throws IOException;

    InputStream get(Object handle) throws IOException;

    void clear() throws IOException;
  }

  private record StoreTarget(String name, ArtifactStore store) implements Target {
    @Override
    public Object put(byte[] payload) {
      return store.put(new ByteArrayInputStream(payload), "application/octet-stream").key();
    }

    @Override
    public InputStream get(Object handle) {
      return store.get((String) handle);
    }

    @Override
    public void clear() {
      List<String> keys;
      try (Stream<dev.darkroom.core.storage.ArtifactEntry> entries = store.list("")) {
        keys = entries.map(dev.darkroom.core.storage.ArtifactEntry::key).toList();
      }
      keys.forEach(store::delete);
    }
  }

  /** The baseline: {@code Files.copy} of the same bytes into a directory, optionally fsynced. */
  private static final class PlainCopy implements Target {
    private final Path dir;
    private final boolean fsync;
    private int counter;

    PlainCopy(Path dir, boolean fsync) {
      this.dir = dir;
      this.fsync = fsync;
    }

    @Override
    public String name() {
      return fsync ? "Files.copy + fsync" : "Files.copy (baseline)";
    }

    @Override
    public Object put(byte[] payload) throws IOException {
      Path file = dir.resolve("f" + counter++);
      Files.copy(new ByteArrayInputStream(payload), file);
      if (fsync) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
      return file;
    }

    @Override
    public InputStream get(Object handle) throws IOException {
      return Files.newInputStream((Path) handle);
    }

    @Override
    public void clear() throws IOException {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
