package dev.darkroom.core.coverage;

import java.util.Locale;

/** The coverage of one asset for one step. */
public enum CoverageState {
  /** An artifact made with the version and parameters the pipeline pins now. */
  CURRENT,
  /** An artifact exists, made with another tool version or other parameters. */
  STALE,
  /** No artifact and no failure: never produced (a new asset, a new step). */
  MISSING,
  /** The last production attempt failed. */
  FAILED,
  /** The step's tool does not accept the asset's media type. */
  NOT_APPLICABLE;

  /** The name used in query terms and URLs, e.g. {@code stale}, {@code not-applicable}. */
  public String term() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
