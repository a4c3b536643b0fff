package dev.darkroom.batch.scan;

import java.nio.file.Path;

/**
 * A scan would have marked more of a root's live locations gone than {@code
 * darkroom.scan.max-gone-share} and {@code max-gone-floor} allow, so it marked none of them gone:
 * an emptied, half-copied or wrongly mounted root looks exactly like mass deletion.
 */
public class MassGoneRefusedException extends RuntimeException {

  private final String root;
  private final long gone;
  private final long live;

  public MassGoneRefusedException(
      String root, Path path, long gone, long live, double maxShare, long floor) {
    super(
        "Archive root '"
            + root
            + "' at "
            + path
            + ": this scan would mark "
            + gone
            + " of its "
            + live
            + " live files gone ("
            + Math.round(100.0 * gone / Math.max(live, 1))
            + "%, more than darkroom.scan.max-gone-share="
            + maxShare
            + " and more than darkroom.scan.max-gone-floor="
            + floor
            + "). Nothing was marked gone. Check that the archive is mounted and complete; if the"
            + " files really were deleted or moved away, scan again with --allow-mass-gone (main"
            + " job) or {\"allowMassGone\": true} (POST /api/scans).");
    this.root = root;
    this.gone = gone;
    this.live = live;
  }

  public String root() {
    return root;
  }

  public long gone() {
    return gone;
  }

  public long live() {
    return live;
  }
}
