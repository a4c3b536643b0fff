package dev.darkroom.batch.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What {@link SampleArchiveGenerator} wrote: the root and every file with its expectation, in the
 * order written.
 */
public record SampleArchive(Path root, long seed, List<SampleFile> files) {

  public SampleArchive {
    files = List.copyOf(files);
  }

  /** The files of one kind, in the order written. */
  public List<SampleFile> ofKind(SampleFileKind kind) {
    return files.stream().filter(f -> f.kind() == kind).toList();
  }

  /**
   * The file at a relative path.
   *
   * @throws NoSuchElementException if the generator wrote no such file
   */
  public SampleFile file(String relativePath) {
    return files.stream()
        .filter(f -> f.path().equals(relativePath))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no sample file " + relativePath));
  }

  /** The absolute location of a file of this archive. */
  public Path resolve(SampleFile file) {
    return root.resolve(file.path());
  }

  public long totalBytes() {
    return files.stream().mapToLong(SampleFile::size).sum();
  }
}
