package dev.keyway.oauth;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** {@code keyway.oauth.nonce-memory}: its default, sizes, and a bad value's refusal (issue 14.3). */
@DatabaseIndependent
class NonceMemorySettingTests {

	private static final long HEAP = 192L * 1024 * 1024;

	@Test
	void nonceMemoryWhenUnsetThenThirtyPercentOfTheHeap() {
		assertThat(NonceStoreConfiguration.nonceMemory("", HEAP)).isEqualTo(HEAP / 10 * 3);
		assertThat(NonceStoreConfiguration.nonceMemory(null, HEAP)).isEqualTo(HEAP / 10 * 3);
	}

	@Test
	void maxBytesWhenDefaultOfTheRunCommandsHeapThenTheTablesTake48Megabytes() {
		// -Xmx192m with a 24 MB young generation: the JVM reports the heap less one survivor space
		long reported = HEAP - 24L * 1024 * 1024 / 10;
		MemoryNonceStore store = new MemoryNonceStore(java.time.Clock.systemUTC(), 1, MemoryNonceStore.DEFAULT_WINDOW,
				NonceStoreConfiguration.nonceMemory("", reported), (e, d) -> {
				});

		assertThat(store.maxBytes()).isEqualTo(48L * 1024 * 1024);
	}

	@Test
	void nonceMemoryWhenSizeGivenThenItsBytes() {
		assertThat(NonceStoreConfiguration.nonceMemory("48MB", HEAP)).isEqualTo(48L * 1024 * 1024);
		assertThat(NonceStoreConfiguration.nonceMemory(" 2GB ", HEAP)).isEqualTo(2L * 1024 * 1024 * 1024);
	}

	@Test
	void heapWarningWhenCeilingAboveHalfTheHeapThenNamesBothAndTheRemedies() {
		assertThat(NonceStoreConfiguration.heapWarning(" 2GB ", 2L * 1024 * 1024 * 1024, HEAP))
			.startsWith("keyway.oauth.nonce-memory (\"2GB\") is more than half of this JVM's heap (192 MB, -Xmx)")
			.contains("larger -Xmx").contains("smaller ceiling");
		assertThat(NonceStoreConfiguration.heapWarning("97MB", 97L * 1024 * 1024, HEAP)).isNotNull();
	}

	@Test
	void heapWarningWhenUnsetOrWithinHalfTheHeapThenNone() {
		assertThat(NonceStoreConfiguration.heapWarning("", HEAP / 10 * 3, HEAP)).isNull();
		assertThat(NonceStoreConfiguration.heapWarning(null, HEAP / 10 * 3, HEAP)).isNull();
		assertThat(NonceStoreConfiguration.heapWarning("96MB", 96L * 1024 * 1024, HEAP)).isNull();
	}

	@Test
	void nonceMemoryWhenNotASizeOrBelowOneMegabyteThenRefusedWithTheValue() {
		assertThatIllegalStateException().isThrownBy(() -> NonceStoreConfiguration.nonceMemory("lots", HEAP))
			.withMessage("keyway.oauth.nonce-memory must be a size of at least 1MB, such as 64MB; got \"lots\"");
		assertThatIllegalStateException().isThrownBy(() -> NonceStoreConfiguration.nonceMemory("512KB", HEAP))
			.withMessageEndingWith("got \"512KB\"");
		assertThatIllegalStateException().isThrownBy(() -> NonceStoreConfiguration.nonceMemory("9".repeat(500), HEAP))
			.withMessageEndingWith("9".repeat(64) + "…\" (500 characters)");
	}

	@Test
	void nonceMemoryWhenValueIsLongThenRefusalShowsItsFirst64CharactersAndLength() {
		assertThatIllegalStateException().isThrownBy(() -> NonceStoreConfiguration.nonceMemory("x".repeat(10_000), HEAP))
			.withMessage("keyway.oauth.nonce-memory must be a size of at least 1MB, such as 64MB; got \"" + "x".repeat(64)
					+ "…\" (10000 characters)");
	}

	@Test
	void nonceStoreWhenKindIsLongThenRefusalShowsItsFirst64CharactersAndLength() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new NonceStoreConfiguration().nonceStore("k".repeat(10_000), "2", "", null, null,
					java.time.Clock.systemUTC(), null))
			.withMessage("keyway.oauth.nonce-store must be auto, memory, database or per-request; got \"" + "k".repeat(64)
					+ "…\" (10000 characters)");
	}

	@Test
	void maxBytesWhenCeilingGivenThenTablesNeverExceedIt() {
		MemoryNonceStore store = new MemoryNonceStore(java.time.Clock.systemUTC(), 1, MemoryNonceStore.DEFAULT_WINDOW,
				64L * 1024 * 1024, (e, d) -> {
				});

		assertThat(store.maxBytes()).isLessThanOrEqualTo(64L * 1024 * 1024).isGreaterThan(32L * 1024 * 1024);
	}

	@Test
	void writersWhenNotAWholeNumberFromOneTo64ThenRefusedWithTheValue() {
		// bound as an int, "abc" was a 150-frame conversion trace, and 0 was raised to 1 without a word
		for (String value : new String[] { "abc", "0", "-1", "65", "" }) {
			assertThatIllegalStateException().isThrownBy(() -> NonceStoreConfiguration.writers(value))
				.withMessage("keyway.oauth.nonce-writers must be a whole number from 1 to 64; got \"" + value + "\"");
		}
		assertThat(NonceStoreConfiguration.writers(" 4 ")).isEqualTo(4);
	}

}
