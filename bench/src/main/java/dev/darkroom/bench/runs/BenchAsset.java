package dev.darkroom.bench.runs;

import java.nio.file.Path;

/** One catalogued asset of the benchmark archive: its id, media type and file. */
record BenchAsset(long id, String mediaType, Path file) {}
