package dev.keyway.store;

/** What a partial update (a draft with null for "left out") resolves to, for every store entity. */
final class Drafts {

	private Drafts() {
	}

	/** The submitted value, or {@code fallback} (the current or default value) when it was left out. */
	static <T> T orElse(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
