package dev.keyway.integration;

import java.util.List;

/**
 * A lifecycle request that cannot be carried out; the message names the broken rule and shows the
 * value. {@link #reason()} tells entry points which response to give.
 */
public class IntegrationException extends RuntimeException {

	/** Why the request was refused. */
	public enum Reason {

		/** One or more fields break their rules ({@link #fieldErrors()}). */
		INVALID,

		/** Another integration has that name. */
		DUPLICATE_NAME,

		/** No integration with that id. */
		NOT_FOUND,

		/** The integration is declared in configuration and cannot be changed here. */
		READ_ONLY,

		/** The integration's status does not allow the action. */
		WRONG_STATUS,

		/** The caller may not grant what it asked for. */
		FORBIDDEN,

		/** The credentials could not be posted to the callback URL. */
		CALLBACK_FAILED,

		/** Another request changed the integration's tokens at the same time. */
		CONFLICT

	}

	private final Reason reason;

	private final List<FieldError> fieldErrors;

	IntegrationException(Reason reason, String message) {
		this(reason, message, List.of(), null);
	}

	IntegrationException(Reason reason, String message, List<FieldError> fieldErrors, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.fieldErrors = List.copyOf(fieldErrors);
	}

	static IntegrationException invalid(List<FieldError> errors) {
		String message = (errors.size() == 1) ? errors.get(0).message()
				: String.join(" ", errors.stream().map(FieldError::message).toList());
		return new IntegrationException(Reason.INVALID, message, errors, null);
	}

	static IntegrationException duplicateName(String name) {
		return new IntegrationException(Reason.DUPLICATE_NAME, "The integration with name \"" + name + "\" exists.",
				List.of(new FieldError("name", "The integration with name \"" + name + "\" exists.")), null);
	}

	static IntegrationException notFound(long id) {
		return new IntegrationException(Reason.NOT_FOUND, "The integration with ID \"" + id + "\" doesn't exist.");
	}

	static IntegrationException concurrentTokenChange(String name, Throwable cause) {
		return new IntegrationException(Reason.CONFLICT, "The integration '" + name
				+ "' is being activated or reauthorized by another request at the same time; only one request "
				+ "may issue its tokens at once. Reload the integration and try again if it still needs new tokens.",
				List.of(), cause);
	}

	public Reason reason() {
		return this.reason;
	}

	public List<FieldError> fieldErrors() {
		return this.fieldErrors;
	}

}
