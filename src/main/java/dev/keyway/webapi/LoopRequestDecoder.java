package dev.keyway.webapi;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, which tells a request line whose version is no {@code HTTP/…} apart: a raw space
 * in the target ended it early ({@code GET /rest/V1/products?q=Rain Shell HTTP/1.1}, a client given an
 * unencoded value). Netty's own failure names only what followed the space and keeps no path, so the
 * refusal could neither name the rule nor take the path's shape (JSON, or the token endpoints' form) as
 * Tomcat's port does ({@link ApiErrorReportValve#RAW_SPACE}, SPEC 5.5).
 */
final class LoopRequestDecoder extends HttpRequestDecoder {

	LoopRequestDecoder(HttpDecoderConfig config) {
		super(config);
	}

	@Override
	protected HttpMessage createMessage(String[] initialLine) throws Exception {
		// a line of two words has no version at all ("" here): not a space in the target
		if (!initialLine[2].isEmpty() && !initialLine[2].regionMatches(true, 0, "HTTP/", 0, 5)) {
			throw new RawSpace(initialLine[1]);
		}
		return super.createMessage(initialLine);
	}

	/** The request line's version is no {@code HTTP/…}; {@code target} is what was read of the target. */
	static final class RawSpace extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		private final transient String target;

		RawSpace(String target) {
			super(ApiErrorReportValve.RAW_SPACE);
			this.target = target;
		}

		String target() {
			return this.target;
		}

	}

}
