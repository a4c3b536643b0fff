package dev.darkroom.core.collection;

/** How a collection knows its members. */
public enum CollectionKind {
  /** Members are listed in {@code collection_member}; they never change by themselves. */
  STATIC,
  /** A saved query: the members are whatever matches it when the collection is used. */
  DYNAMIC
}
