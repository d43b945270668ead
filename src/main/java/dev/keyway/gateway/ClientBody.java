package dev.keyway.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.keyway.webapi.ApiRequest;

/**
 * The client's request body as the upstream's client reads it: a read that fails is the client's failure (a
 * stalled or closed upload), told apart from the upstream's own failures, which the same exchange throws
 * ({@link ReverseProxy#refusal}: a 408, not a 502 or 504 blaming the upstream). The body limit's own exception
 * passes as it is (a 413).
 */
final class ClientBody extends FilterInputStream {

	/** A read of the client's body failed. */
	static final class Failed extends IOException {

		private static final long serialVersionUID = 1L;

		Failed(IOException cause) {
			super(cause.getMessage(), cause);
		}

	}

	ClientBody(InputStream body) {
		super(body);
	}

	@Override
	public int read() throws IOException {
		try {
			return super.read();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		try {
			return super.read(buffer, offset, length);
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	private static IOException failed(IOException ex) {
		return (ApiRequest.bodyTooLarge(ex) != null) ? ex : new Failed(ex);
	}

}
