/** The artifact store on a local or mounted filesystem. */
@NullMarked
package dev.darkroom.storage.filesystem;

import org.jspecify.annotations.NullMarked;
