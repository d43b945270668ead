package dev.keyway.gateway;

/**
 * The gateway file ({@code keyway.gateway.file}) was refused at start-up: the message names the file, the entry and
 * the broken rule (issue 15.1), and the start-up failure report shows that sentence instead of a stack trace.
 */
public final class GatewayFileRefused extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public GatewayFileRefused(String message) {
		super(message);
	}

	GatewayFileRefused(String message, Throwable cause) {
		super(message, cause);
	}

}
