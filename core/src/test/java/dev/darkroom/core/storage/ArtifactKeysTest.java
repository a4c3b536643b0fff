package dev.darkroom.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ArtifactKeysTest {

  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void keyFansOutTheHashByItsFirstTwoBytes() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[0]);

    String key = ArtifactKeys.forDigest(digest);

    assertThat(key).isEqualTo("e3/b0/" + EMPTY);
    assertThat(ArtifactKeys.sha256Of(key)).isEqualTo(EMPTY);
    assertThat(ArtifactKeys.isValid(key)).isTrue();
  }

  @Test
  void anythingButACanonicalContentAddressIsRejected() {
    for (String bad :
        new String[] {
          "../e3/b0/" + EMPTY,
          "/e3/b0/" + EMPTY,
          "e3/b0/" + EMPTY.toUpperCase(),
          "b0/e3/" + EMPTY, // fan-out does not match the hash
          "e3/b0/" + EMPTY + ".type",
          "e3\\b0\\" + EMPTY,
          "e3/b0/" + EMPTY.substring(1),
          ""
        }) {
      assertThat(ArtifactKeys.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> ArtifactKeys.requireValid(bad))
          .isInstanceOf(InvalidArtifactKeyException.class);
    }
    assertThatThrownBy(() -> ArtifactKeys.forSha256("not-a-hash"))
        .isInstanceOf(InvalidArtifactKeyException.class)
        .hasMessageContaining("not-a-hash");
  }

  @Test
  void prefixesMayBeAnyStartOfAKeyButNothingElse() {
    assertThat(ArtifactKeys.requireValidPrefix("")).isEmpty();
    assertThat(ArtifactKeys.requireValidPrefix("e3/")).isEqualTo("e3/");
    assertThat(ArtifactKeys.requireValidPrefix("e3/b0/e3b")).isEqualTo("e3/b0/e3b");
    for (String bad : new String[] {"../", "e3//", "/", "E3/", "e3/b0/x"}) {
      assertThatThrownBy(() -> ArtifactKeys.requireValidPrefix(bad))
          .as(bad)
          .isInstanceOf(InvalidArtifactKeyException.class);
    }
  }
}
