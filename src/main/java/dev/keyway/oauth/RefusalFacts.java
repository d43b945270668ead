package dev.keyway.oauth;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The facts of a refused OAuth request that may be stored and shown (issue 16.2): never a secret, a
 * signature or a token value. The base string has {@code oauth_token}'s value replaced by
 * {@link #TOKEN_MASK} (the access token is a bearer of rights on its own), {@code oauth_verifier}'s by
 * {@link #VERIFIER_MASK}, and holds no signature
 * (RFC 5849 3.4.1.3.1 leaves {@code oauth_signature} out).
 *
 * <p>A value class rather than a record because the base string and the hint of a bad signature may
 * be {@linkplain #withExplanation deferred}: they cost base strings and HMACs (the hints try the
 * other URIs a proxy may have signed), and a storm of wrong signatures keeps only the newest refusal
 * records, so they are computed when first read (the debug answer, the health writer's kept rows),
 * once, and most never are (issue 16: a refusal costs as little as the protocol allows).
 */
public final class RefusalFacts {

	/** What replaces the token's value in a stored base string. */
	public static final String TOKEN_MASK = "(token)";

	/** What replaces the verifier's value in a stored base string (a refused access-token step). */
	public static final String VERIFIER_MASK = "(verifier)";

	/** What replaces a secret a client sent as a parameter of its own in a stored base string. */
	public static final String SECRET_MASK = "(secret)";

	public static final RefusalFacts NONE = new RefusalFacts(0, null, null, null, null);

	/** A bad signature's masked base string and hint (either may be null). */
	public record Explanation(String baseString, String hint) {
	}

	private final long consumerId;

	private final Long skewSeconds;

	private final String baseString;

	private final String signatureMethod;

	private final String hint;

	private final Deferred deferred;

	/**
	 * @param consumerId the consumer the key names, or 0 when unknown
	 * @param skewSeconds the request's timestamp minus the server's clock, or null when not measured
	 * @param baseString the base string Keyway computed (masked), or null when the signature was not checked
	 * @param signatureMethod the method's wire name, or null
	 * @param hint a known client mistake the request matches, or null
	 */
	public RefusalFacts(long consumerId, Long skewSeconds, String baseString, String signatureMethod, String hint) {
		this(consumerId, skewSeconds, baseString, signatureMethod, hint, null);
	}

	private RefusalFacts(long consumerId, Long skewSeconds, String baseString, String signatureMethod, String hint,
			Deferred deferred) {
		this.consumerId = consumerId;
		this.skewSeconds = skewSeconds;
		this.baseString = baseString;
		this.signatureMethod = signatureMethod;
		this.hint = hint;
		this.deferred = deferred;
	}

	public long consumerId() {
		return this.consumerId;
	}

	public Long skewSeconds() {
		return this.skewSeconds;
	}

	/** The masked base string, computed now if it was deferred. */
	public String baseString() {
		return (this.deferred != null) ? this.deferred.get().baseString() : this.baseString;
	}

	public String signatureMethod() {
		return this.signatureMethod;
	}

	/** The hint, computed now if it was deferred. */
	public String hint() {
		return (this.deferred != null) ? this.deferred.get().hint() : this.hint;
	}

	/** True when the signature was checked (there is a base string), without computing a deferred one. */
	public boolean hasBaseString() {
		return this.deferred != null || this.baseString != null;
	}

	public RefusalFacts withConsumer(long id) {
		return new RefusalFacts(id, this.skewSeconds, this.baseString, this.signatureMethod, this.hint, this.deferred);
	}

	public RefusalFacts withSkew(long seconds) {
		return new RefusalFacts(this.consumerId, seconds, this.baseString, this.signatureMethod, this.hint,
				this.deferred);
	}

	public RefusalFacts withHint(String text) {
		return new RefusalFacts(this.consumerId, this.skewSeconds, baseString(), this.signatureMethod, text);
	}

	public RefusalFacts withBaseString(String masked, String method) {
		return new RefusalFacts(this.consumerId, this.skewSeconds, masked, method, hint());
	}

	/**
	 * The base string and hint of a bad signature, computed by {@code explanation} when first read, at
	 * most once. The supplier may hold the secrets that sign (to try the hints): it is dropped once it
	 * has run, and nothing of it is ever stored or shown but its answer.
	 */
	public RefusalFacts withExplanation(String method, Supplier<Explanation> explanation) {
		return new RefusalFacts(this.consumerId, this.skewSeconds, null, method, null, new Deferred(explanation));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RefusalFacts facts && this.consumerId == facts.consumerId
				&& Objects.equals(this.skewSeconds, facts.skewSeconds) && Objects.equals(baseString(), facts.baseString())
				&& Objects.equals(this.signatureMethod, facts.signatureMethod) && Objects.equals(hint(), facts.hint());
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.consumerId, this.skewSeconds, baseString(), this.signatureMethod, hint());
	}

	@Override
	public String toString() {
		return "RefusalFacts[consumerId=" + this.consumerId + ", skewSeconds=" + this.skewSeconds + ", baseString="
				+ baseString() + ", signatureMethod=" + this.signatureMethod + ", hint=" + hint() + "]";
	}

	/** A deferred explanation, computed once by whichever thread reads it first. */
	private static final class Deferred {

		private Supplier<Explanation> supplier;

		private Explanation value;

		Deferred(Supplier<Explanation> supplier) {
			this.supplier = supplier;
		}

		synchronized Explanation get() {
			if (this.value == null) {
				this.value = this.supplier.get();
				this.supplier = null; // it may hold secrets: not kept once it has answered
			}
			return this.value;
		}

	}

}
