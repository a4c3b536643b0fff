package dev.darkroom.batch.sample;

import java.nio.file.Path;

/**
 * What {@link BenchTreeGenerator} wrote.
 *
 * @param root the directory passed in
 * @param files number of files
 * @param directories number of subdirectories holding them
 * @param totalBytes sum of file sizes
 */
public record BenchTree(Path root, int files, int directories, long totalBytes) {}
