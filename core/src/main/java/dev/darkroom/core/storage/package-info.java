/**
 * The artifact storage port: content-addressed blobs behind one interface, with the services that
 * work on every store alike (migration between stores, retention sweeping).
 */
@NullMarked
package dev.darkroom.core.storage;

import org.jspecify.annotations.NullMarked;
