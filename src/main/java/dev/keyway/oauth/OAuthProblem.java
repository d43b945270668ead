package dev.keyway.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A refused OAuth request, with Magento's text (SPEC 4.7): 400 for malformed input, 401 for OAuth
 * errors. {@link #template()} keeps Magento's {@code %1} placeholder for the Web API's JSON errors;
 * {@link #getMessage()} is the rendered text the token endpoints send.
 */
public final class OAuthProblem extends RuntimeException {

	static final String SIGNATURE_INVALID = "The signature is invalid. Verify and try again.";

	static final String NONCE_FAILED = "An error occurred validating the nonce";

	static final String TOKEN_MISSING = "Specified token does not exist";

	private final int status;

	private final String template;

	private final List<String> parameters;

	private final RefusalReason reason;

	private final transient RefusalFacts facts;

	private OAuthProblem(int status, String template, List<String> parameters, RefusalReason reason,
			RefusalFacts facts) {
		super(render(template, parameters), null, false, false);
		this.status = status;
		this.template = template;
		this.parameters = List.copyOf(parameters);
		this.reason = reason;
		this.facts = facts;
	}

	/** The token endpoints' content type (RFC 5849 2.1: form-encoded, as Magento answers). */
	public static final String FORM_TYPE = "application/x-www-form-urlencoded;charset=UTF-8";

	/**
	 * The token endpoints' body for a refusal: {@code oauth_problem=<text>}, the text encoded as PHP's
	 * {@code urlencode} does (Magento's shape, SPEC 4.7). Also what a refusal before the endpoint is reached
	 * (the firewall's, a malformed path) answers at {@code /oauth}, so a client parses one shape there.
	 */
	public static String formBody(String text) {
		return "oauth_problem=" + urlencode(text);
	}

	/** PHP's urlencode: form encoding with {@code *} escaped too. */
	static String urlencode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("*", "%2A");
	}

	static OAuthProblem input(String text) {
		return new OAuthProblem(400, text, List.of(), RefusalReason.MALFORMED_REQUEST, RefusalFacts.NONE);
	}

	static OAuthProblem input(String text, RefusalReason reason) {
		return new OAuthProblem(400, text, List.of(), reason, RefusalFacts.NONE);
	}

	static OAuthProblem refused(String text, RefusalReason reason) {
		return new OAuthProblem(401, text, List.of(), reason, RefusalFacts.NONE);
	}

	/** A 401 whose text names a consumer id through Magento's {@code %1}. */
	static OAuthProblem refused(String template, long consumerId, RefusalReason reason) {
		return new OAuthProblem(401, template, List.of(Long.toString(consumerId)), reason,
				RefusalFacts.NONE.withConsumer(consumerId));
	}

	/** The same answer with more facts for the refusal record (the wire text does not change). */
	OAuthProblem with(RefusalFacts more) {
		return new OAuthProblem(this.status, this.template, this.parameters, this.reason, more);
	}

	/** Several missing parameters: each text without its final period, joined with ", " (SPEC 4.7). */
	static OAuthProblem missing(List<String> names) {
		if (names.size() == 1) {
			return input(required(names.get(0)));
		}
		List<String> texts = names.stream().map((name) -> stripPeriod(required(name))).toList();
		return input(String.join(", ", texts));
	}

	private static String required(String name) {
		return "\"" + name + "\" is required. Enter and try again.";
	}

	private static String stripPeriod(String text) {
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

	private static String render(String template, List<String> parameters) {
		String text = template;
		for (int i = 0; i < parameters.size(); i++) {
			text = text.replace("%" + (i + 1), parameters.get(i));
		}
		return text;
	}

	/** 400 or 401. */
	public int status() {
		return this.status;
	}

	/** The text with Magento's placeholders left in. */
	public String template() {
		return this.template;
	}

	/** The values of the placeholders, in order. */
	public List<String> parameters() {
		return this.parameters;
	}

	/** Why the request was refused (issue 16.1). */
	public RefusalReason reason() {
		return this.reason;
	}

	/** What Keyway knew when it refused: the consumer, the skew, the masked base string, a hint. */
	public RefusalFacts facts() {
		return this.facts;
	}

}
