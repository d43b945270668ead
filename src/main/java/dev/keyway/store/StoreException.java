package dev.keyway.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A store request that cannot be carried out. The message is Magento's text where a Magento client
 * can see it (placeholders such as {@code %fieldName} left in, values in {@link #parameters()});
 * otherwise it names the broken rule and shows the value. {@link #reason()} tells entry points which
 * answer to give.
 */
public class StoreException extends RuntimeException {

	/** Why the request was refused. */
	public enum Reason {

		/** The entity does not exist. */
		NOT_FOUND,

		/** The input breaks a rule; {@link #problems()} lists every broken rule when there are several. */
		INVALID,

		/** The input collides with stored data (a duplicate SKU or identifier). */
		CONFLICT

	}

	private final Reason reason;

	private final transient Object parameters;

	private final List<String> problems;

	StoreException(Reason reason, String message, Object parameters, List<String> problems) {
		super(message, null, false, false);
		this.reason = reason;
		this.parameters = parameters;
		this.problems = List.copyOf(problems);
	}

	static StoreException invalid(String message) {
		return new StoreException(Reason.INVALID, message, null, List.of(message));
	}

	/** One or more broken rules, each message naming its rule and value. */
	static StoreException invalid(List<String> problems) {
		return new StoreException(Reason.INVALID, (problems.size() == 1) ? problems.get(0)
				: "One or more input exceptions have occurred.", null, problems);
	}

	static StoreException conflict(String message) {
		return new StoreException(Reason.CONFLICT, message, null, List.of(message));
	}

	/** Magento's "No such entity with %fieldName = %fieldValue". */
	static StoreException noSuchEntity(String fieldName, Object fieldValue) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("fieldName", fieldName);
		parameters.put("fieldValue", fieldValue);
		return new StoreException(Reason.NOT_FOUND, "No such entity with %fieldName = %fieldValue", parameters,
				List.of());
	}

	static StoreException notFound(String message, Object parameters) {
		return new StoreException(Reason.NOT_FOUND, message, parameters, List.of());
	}

	public Reason reason() {
		return this.reason;
	}

	/** Magento's parameters of the message ({@code %name} placeholders), or null. */
	public Object parameters() {
		return this.parameters;
	}

	/** Every broken rule of an INVALID request (one entry when the message says it all). */
	public List<String> problems() {
		return this.problems;
	}

}
