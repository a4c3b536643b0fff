/** What every REST endpoint shares: problem details, keyset pages. */
@NullMarked
package dev.darkroom.web.api;

import org.jspecify.annotations.NullMarked;
