package dev.keyway.oauth;

/** The stage of a consumer's single token record (SPEC 4.4). */
public enum TokenType {

	/** Created when credentials are posted to the third party; holds the verifier. */
	VERIFIER,

	/** Issued by {@code /oauth/token/request}. */
	REQUEST,

	/** Issued by {@code /oauth/token/access} or by direct activation; opens the Web API. */
	ACCESS;

	String column() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	static TokenType ofColumn(String value) {
		return valueOf(value.toUpperCase(java.util.Locale.ROOT));
	}

}
