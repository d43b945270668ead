package dev.keyway.gateway;

import java.io.InterruptedIOException;

/**
 * No connection to the upstream within its {@code connect_timeout}, its TLS handshake included (both paths): a 504
 * that names the connect timeout, where a read that timed out names the read timeout.
 */
final class ConnectTimedOut extends InterruptedIOException {

	private static final long serialVersionUID = 1L;

	ConnectTimedOut(String message) {
		super(message);
	}

}
