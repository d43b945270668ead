package dev.keyway.oauth;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class TokenHasherTests {

	private final byte[] oldKey = SecretCipherTests.newKeyBytes();

	private final byte[] newKey = SecretCipherTests.newKeyBytes();

	private final MasterKeyRing oldRing = MasterKeyRing.of(List.of(this.oldKey));

	private final TokenHasher hasher = new TokenHasher(this.oldRing);

	@Test
	void hashWhenCalledThenKeyIdAndHexHmacWithoutTheToken() {
		String token = "abcdefghijklmnopqrstuvwxyz012345";
		String hash = this.hasher.hash(token);
		assertThat(hash).matches(this.oldRing.active().id() + ":[0-9a-f]{64}").doesNotContain(token);
		assertThat(hash.length()).isLessThanOrEqualTo(80);
	}

	@Test
	void hashWhenSameTokenThenSameHash() {
		assertThat(this.hasher.hash("token-1")).isEqualTo(this.hasher.hash("token-1"));
		assertThat(new TokenHasher(MasterKeyRing.of(List.of(this.oldKey))).hash("token-1"))
			.isEqualTo(this.hasher.hash("token-1"));
	}

	@Test
	void hashWhenDifferentTokensThenDifferentHashes() {
		assertThat(this.hasher.hash("token-1")).isNotEqualTo(this.hasher.hash("token-2"));
	}

	@Test
	void hashWhenDifferentMasterKeyThenDifferentHash() {
		TokenHasher other = new TokenHasher(MasterKeyRing.of(List.of(this.newKey)));
		assertThat(other.hash("token-1").substring(9)).isNotEqualTo(this.hasher.hash("token-1").substring(9));
	}

	@Test
	void hashWhenComparedWithPlainSha256ThenKeyed() throws Exception {
		byte[] plain = java.security.MessageDigest.getInstance("SHA-256")
			.digest("token-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(this.hasher.hash("token-1")).doesNotContain(java.util.HexFormat.of().formatHex(plain));
	}

	@Test
	void candidatesWhenRingRotatedThenActiveKeyFirstThenRetired() {
		String before = this.hasher.hash("token-1");
		TokenHasher rotated = new TokenHasher(MasterKeyRing.of(List.of(this.newKey, this.oldKey)));
		List<String> candidates = rotated.candidates("token-1");
		assertThat(candidates).hasSize(2);
		assertThat(candidates.get(0)).isEqualTo(rotated.hash("token-1"));
		assertThat(candidates.get(1)).isEqualTo(before);
	}

	@Test
	void isCurrentWhenHashedUnderActiveKeyThenTrueElseFalse() {
		String before = this.hasher.hash("token-1");
		TokenHasher rotated = new TokenHasher(MasterKeyRing.of(List.of(this.newKey, this.oldKey)));
		assertThat(rotated.isCurrent(rotated.hash("token-1"))).isTrue();
		assertThat(rotated.isCurrent(before)).isFalse();
		assertThat(this.hasher.isCurrent(before)).isTrue();
	}

}
