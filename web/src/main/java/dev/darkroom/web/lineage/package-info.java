/**
 * Artifacts and their lineage: {@code /api/artifacts/{id}}, its {@code /lineage} and {@code
 * /content} (streamed from the artifact store, with ETags and range requests), and the lineage page
 * {@code /artifacts/{id}/lineage} that answers "why is this tagged like that?".
 */
@NullMarked
package dev.darkroom.web.lineage;

import org.jspecify.annotations.NullMarked;
