/** Store maintenance that runs on its own: the scheduled artifact sweep (retention). */
@NullMarked
package dev.darkroom.storage.maintenance;

import org.jspecify.annotations.NullMarked;
