package dev.darkroom.batch.scan;

import dev.darkroom.storage.archive.MountedRoot;

/** A mounted archive root together with its catalog id. */
record ScanRoot(MountedRoot mounted, long id) {}
