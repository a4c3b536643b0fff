/** What the server can run: pipelines and tools. */
@NullMarked
package dev.darkroom.cli.catalog;

import org.jspecify.annotations.NullMarked;
