package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** Unit tests of the read-ahead's order, restart state and failures (logic only, no database). */
class ReadAheadReaderTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @Test
  void itemsComeOutProcessedInTheOrderTheDelegateReadThemHoweverLongEachTakes() throws Exception {
    Counter delegate = new Counter(50, -1);
    ReadAheadReader<Integer, String> reader =
        new ReadAheadReader<>(
            delegate,
            i -> {
              Thread.sleep((50 - i) % 7); // later items often finish first
              return "#" + i;
            },
            pool,
            10);
    reader.open(new ExecutionContext());

    List<String> out = new ArrayList<>();
    for (String s = reader.read(); s != null; s = reader.read()) {
      out.add(s);
    }

    assertThat(out).hasSize(50).first().isEqualTo("#0");
    assertThat(out).last().isEqualTo("#49");
    assertThat(out).isSortedAccordingTo((a, b) -> parse(a) - parse(b));
  }

  @Test
  void theSavedStateIsThatOfTheLastItemReturnedNotOfTheItemsReadAhead() throws Exception {
    Counter delegate = new Counter(100, -1);
    ReadAheadReader<Integer, Integer> reader = new ReadAheadReader<>(delegate, i -> i, pool, 20);
    reader.open(new ExecutionContext());

    for (int i = 0; i < 5; i++) {
      reader.read();
    }
    ExecutionContext saved = new ExecutionContext();
    reader.update(saved);

    assertThat(delegate.position).as("the delegate read ahead").isGreaterThan(5);
    assertThat(saved.getInt(Counter.KEY)).as("but the state says five were returned").isEqualTo(5);

    // A restart from that state resumes right after the fifth item.
    Counter restarted = new Counter(100, -1);
    ReadAheadReader<Integer, Integer> again = new ReadAheadReader<>(restarted, i -> i, pool, 20);
    again.open(saved);
    assertThat(again.read()).isEqualTo(5);
  }

  @Test
  void beforeAnythingIsReturnedTheSavedStateIsTheOneOpenedWithAndADroppedKeyIsDropped()
      throws Exception {
    Counter delegate = new Counter(10, -1);
    ReadAheadReader<Integer, Integer> reader = new ReadAheadReader<>(delegate, i -> i, pool, 4);
    ExecutionContext opened = new ExecutionContext();
    opened.putInt(Counter.KEY, 3);
    reader.open(opened);
    ExecutionContext saved = new ExecutionContext();
    saved.putString(Counter.MARK, "stale");

    reader.update(saved);
    assertThat(saved.getInt(Counter.KEY)).isEqualTo(3);
    assertThat(saved.getString(Counter.MARK)).isEqualTo("below nine");

    for (Integer i = reader.read(); i != null; i = reader.read()) {
      // drain: the counter writes MARK only while it is below 9
    }
    reader.update(saved);
    assertThat(saved.getInt(Counter.KEY)).isEqualTo(10);
    assertThat(saved.containsKey(Counter.MARK))
        .as("the delegate no longer writes it, so it is gone")
        .isFalse();
  }

  @Test
  void whatTheDelegateThrowsIsThrownOnlyAfterTheItemsReadBeforeItWereReturned() throws Exception {
    Counter delegate = new Counter(100, 7);
    ReadAheadReader<Integer, Integer> reader = new ReadAheadReader<>(delegate, i -> i, pool, 20);
    reader.open(new ExecutionContext());

    List<Integer> out = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              for (Integer i = reader.read(); i != null; i = reader.read()) {
                out.add(i);
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("walk failed at 7");
    assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void aProcessorFailureIsThrownByTheReadOfThatItemAndClosingCancelsWhatWasAhead()
      throws Exception {
    AtomicInteger processed = new AtomicInteger();
    Counter delegate = new Counter(1_000, -1);
    ReadAheadReader<Integer, Integer> reader =
        new ReadAheadReader<>(
            delegate,
            i -> {
              processed.incrementAndGet();
              if (i == 2) {
                throw new IllegalArgumentException("bad item " + i);
              }
              return i;
            },
            pool,
            5);
    reader.open(new ExecutionContext());

    assertThat(reader.read()).isEqualTo(0);
    assertThat(reader.read()).isEqualTo(1);
    assertThatThrownBy(reader::read).hasMessage("bad item 2");
    reader.close();

    assertThat(delegate.closed).isTrue();
    assertThat(delegate.position).as("never more than the depth ahead").isLessThanOrEqualTo(8);
  }

  private static int parse(String s) {
    return Integer.parseInt(s.substring(1));
  }

  /** Reads 0..n-1; its state is the next number; writes MARK while below 9; may fail at one. */
  private static final class Counter implements ItemStreamReader<Integer> {
    static final String KEY = "counter.next";
    static final String MARK = "counter.mark";

    private final int n;
    private final int failAt;
    int position;
    boolean closed;

    Counter(int n, int failAt) {
      this.n = n;
      this.failAt = failAt;
    }

    @Override
    public void open(ExecutionContext context) {
      position = context.containsKey(KEY) ? context.getInt(KEY) : 0;
    }

    @Override
    public @Nullable Integer read() {
      if (position == failAt) {
        throw new IllegalStateException("walk failed at " + position);
      }
      return position < n ? position++ : null;
    }

    @Override
    public void update(ExecutionContext context) {
      context.putInt(KEY, position);
      if (position < 9) {
        context.putString(MARK, "below nine");
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
