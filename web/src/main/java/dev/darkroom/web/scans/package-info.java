/** Catalog scans over the REST API: start one in the background, list them, read a report. */
@NullMarked
package dev.darkroom.web.scans;

import org.jspecify.annotations.NullMarked;
