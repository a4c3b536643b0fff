package dev.darkroom.core.catalog;

/** Lifecycle of a catalog scan. */
public enum ScanStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  STOPPED
}
