package dev.darkroom.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaTypeSetTest {

  @Test
  void exactTypesMatchIgnoringCaseAndParameters() {
    MediaTypeSet jpeg = MediaTypeSet.of("image/jpeg");
    assertThat(jpeg.accepts("image/jpeg")).isTrue();
    assertThat(jpeg.accepts("IMAGE/JPEG")).isTrue();
    assertThat(jpeg.accepts("image/jpeg; q=1")).isTrue();
    assertThat(jpeg.accepts("image/png")).isFalse();
  }

  @Test
  void wildcardsMatchATypeOrEverything() {
    assertThat(MediaTypeSet.of("image/*").accepts("image/heic")).isTrue();
    assertThat(MediaTypeSet.of("image/*").accepts("video/mp4")).isFalse();
    assertThat(MediaTypeSet.of("*/*").accepts("text/plain")).isTrue();
  }

  @Test
  void emptySetAndMalformedTypesMatchNothing() {
    assertThat(new MediaTypeSet(java.util.Set.of()).accepts("image/jpeg")).isFalse();
    assertThat(MediaTypeSet.of("*/*").accepts("")).isFalse();
    assertThat(MediaTypeSet.of("*/*").accepts("jpeg")).isFalse();
  }

  @Test
  void malformedPatternsAreRejected() {
    assertThatThrownBy(() -> MediaTypeSet.of("image")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaTypeSet.of("image/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaTypeSet.of("*/jpeg"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
