package dev.darkroom.core.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed query: boolean combinations of terms. Every term has already been validated and
 * normalized by the parser (lower-case media types, kinds and hashes; half-open date ranges;
 * inclusive byte ranges), so the compiler never sees a bad value.
 */
public sealed interface Expr {

  /** Every operand holds; at least two operands. */
  record And(List<Expr> operands) implements Expr {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("AND needs two operands or more: " + operands);
      }
    }
  }

  /** At least one operand holds; at least two operands. */
  record Or(List<Expr> operands) implements Expr {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("OR needs two operands or more: " + operands);
      }
    }
  }

  /** The operand does not hold; an unknown value (no capture date) counts as not holding. */
  record Not(Expr operand) implements Expr {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /**
   * {@code type:}: the media type is {@code type/subtype}, or any {@code type/…} when {@code
   * subtype} is null.
   */
  record Type(String type, @Nullable String subtype) implements Expr {
    public Type {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * {@code taken:}: captured at or after the start of {@code from} and before the start of {@code
   * until} (UTC days); a null end is open.
   */
  record Taken(@Nullable LocalDate from, @Nullable LocalDate until) implements Expr {
    public Taken {
      if (from == null && until == null) {
        throw new IllegalArgumentException("a date range needs at least one end");
      }
    }
  }

  /** {@code path:}: a live location's path, relative to its root, starts with {@code prefix}. */
  record Path(String prefix) implements Expr {
    public Path {
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** {@code root:}: a live location lies in the archive root named {@code name}. */
  record Root(String name) implements Expr {
    public Root {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code camera:}: the camera make, model or "make model" contains the text, ignoring case. */
  record Camera(String text) implements Expr {
    public Camera {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code has:}: an unexpired artifact of this kind exists for the asset. */
  record Has(String kind) implements Expr {
    public Has {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * {@code current:}, {@code stale:}, {@code missing:}, {@code failed:}: the asset's coverage for
   * the pipeline step writing artifacts of {@code kind} (docs/coverage.md).
   */
  record Coverage(State state, String kind) implements Expr {
    /** The coverage states a query can ask for. */
    public enum State {
      CURRENT,
      STALE,
      MISSING,
      FAILED
    }

    public Coverage {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** {@code collection:}: a member of the static collection named {@code name}. */
  record InCollection(String name) implements Expr {
    public InCollection {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code sha:}: the SHA-256 (lower-case hex) starts with {@code prefix}. */
  record Sha(String prefix) implements Expr {
    public Sha {
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** {@code size:}: the size in bytes lies in {@code [min, max]}; a null end is open. */
  record Size(@Nullable Long min, @Nullable Long max) implements Expr {
    public Size {
      if (min == null && max == null) {
        throw new IllegalArgumentException("a size range needs at least one end");
      }
    }
  }

  /** A free word: a live location's file name contains it, ignoring case. */
  record Word(String text) implements Expr {
    public Word {
      Objects.requireNonNull(text, "text");
    }
  }
}
