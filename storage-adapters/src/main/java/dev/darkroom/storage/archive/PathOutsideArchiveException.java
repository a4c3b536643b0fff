package dev.darkroom.storage.archive;

/** A path that would leave its archive root (by {@code ..}, an absolute path or a symlink). */
public class PathOutsideArchiveException extends ArchiveAccessException {

  public PathOutsideArchiveException(String root, String relPath, String why) {
    super("Refusing '" + relPath + "' in archive root '" + root + "': " + why);
  }
}
