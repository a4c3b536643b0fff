/** Read-only access to the archive of originals. */
@NullMarked
package dev.darkroom.storage.archive;

import org.jspecify.annotations.NullMarked;
