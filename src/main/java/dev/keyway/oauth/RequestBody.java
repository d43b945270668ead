package dev.keyway.oauth;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one way to tell a form body (signed, SPEC 4.2) and to read a request body within a limit, for
 * {@code /oauth/token/*} and {@code /rest/**} alike (issue 13.3). The callers word the refusals.
 */
public final class RequestBody {

	private static final String FORM = "application/x-www-form-urlencoded";

	/** How a caller words the two refusals of {@link #read}. */
	public interface Refusals {

		RuntimeException tooLarge(long size, long max);

		RuntimeException unreadable(IOException ex);

	}

	private RequestBody() {
	}

	/** True when the content type is {@code application/x-www-form-urlencoded} (any case, any parameters). */
	public static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.regionMatches(true, 0, FORM, 0, FORM.length());
	}

	/** The body's bytes; refused before reading when the declared length is over {@code max}, else once read. */
	public static byte[] read(HttpServletRequest request, long max, Refusals refusals) {
		long declared = request.getContentLengthLong();
		if (declared > max) {
			throw refusals.tooLarge(declared, max);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
			if (bytes.length > max) {
				throw refusals.tooLarge(bytes.length, max);
			}
			return bytes;
		}
		catch (IOException ex) {
			throw refusals.unreadable(ex);
		}
	}

}
