package dev.darkroom.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An exclusive lock on {@code <data-dir>/darkroom.lock}, held by the server JVM while it runs its
 * embedded PostgreSQL and Temporal dev server in that directory. The operating system releases it
 * when the JVM dies, even by {@code kill -9}: whoever gets the lock knows that every process still
 * running on the directory is a leftover and may be stopped. The file also holds the owner's pid,
 * so a second server is refused with a message that names it.
 *
 * <p>Acquiring is counted per JVM: contexts of one JVM (tests, the main job) share the lock.
 */
public final class DataDirectoryLock implements AutoCloseable {

  static final String FILE_NAME = "darkroom.lock";
  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path dir;
  private boolean closed;

  private DataDirectoryLock(Path dir) {
    this.dir = dir;
  }

  /**
   * Locks the data directory for this JVM (creating it when needed).
   *
   * @throws DataDirectoryInUseException when another process holds it
   */
  public static DataDirectoryLock acquire(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    synchronized (HELD) {
      Held held = HELD.get(dir);
      if (held == null) {
        held = lock(dir);
        HELD.put(dir, held);
      }
      held.count++;
      return new DataDirectoryLock(dir);
    }
  }

  /** The data directory this lock holds. */
  public Path dataDir() {
    return dir;
  }

  @Override
  public void close() {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      Held held = HELD.get(dir);
      if (held != null && --held.count == 0) {
        HELD.remove(dir);
        try {
          held.lock.release();
          held.channel.close();
        } catch (IOException e) {
          // The JVM's exit releases it anyway.
        }
      }
    }
  }

  private static Held lock(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        long owner = readPid(channel);
        channel.close();
        throw new DataDirectoryInUseException(dir, owner);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(UTF_8)), 0);
      channel.force(true);
      return new Held(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot lock the data directory "
              + dir
              + " ("
              + file
              + "): "
              + e.getMessage()
              + "; check that it is writable",
          e);
    }
  }

  private static long readPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), UTF_8).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static final class Held {
    final FileChannel channel;
    final FileLock lock;
    int count;

    Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }
}
