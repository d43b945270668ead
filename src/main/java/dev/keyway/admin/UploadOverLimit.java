package dev.keyway.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.fileupload.MultipartStream;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;

/**
 * A signed-in admin's upload over {@code keyway.migration.max-upload-size}, sent by a browser without
 * JavaScript (the page's script says it before sending): the container refuses such a multipart request
 * before its CSRF token can be read, and the admin read a bare 403. Placed before Spring Security's
 * {@code CsrfFilter} for the import's POST only, this filter reads the whole body as it comes (the browser
 * sends it anyway, and a server that stops reading it makes the browser show a connection reset instead of
 * any answer), keeps the form's short fields and counts the files' bytes without keeping any of them, and
 * hands the request on as a multipart request without files. The CSRF check, the authorization and the
 * controller then run as for every Save: the token is the form's own, checked by Spring Security, never in a
 * URL; the controller reads {@link #of} and answers with the rule, the limit and the sizes, on the page.
 * <p>
 * Only for a session that is signed in, and up to {@link #readPastAtMost()}: an anonymous request (a session
 * that ended) or a larger upload is left to the chain as before, so nobody can make the server read an unbounded
 * body.
 */
final class UploadOverLimit extends OncePerRequestFilter {

	static final String ATTRIBUTE = UploadOverLimit.class.getName();

	/** A form field longer than this is not kept (the page's text fields are short; the crypt key is 4,096). */
	static final int MAX_FIELD_BYTES = 8 * 1024;

	/** At most this many fields and files are looked at; the rest is read past. */
	static final int MAX_PARTS = 64;

	private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

	private final RequestMatcher upload;

	private final long maxRequestBytes;

	UploadOverLimit(String path, DataSize maxRequestSize) {
		this.upload = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
		this.maxRequestBytes = maxRequestSize.toBytes();
	}

	/**
	 * The largest upload read past to say the limit: {@link #READ_PAST_FACTOR} times the limit. A larger one is
	 * refused as before (a review: a signed-in session could declare any length and hold a thread that long);
	 * no file chosen for this page is that far over it by mistake.
	 */
	long readPastAtMost() {
		return (this.maxRequestBytes > Long.MAX_VALUE / READ_PAST_FACTOR) ? Long.MAX_VALUE
				: this.maxRequestBytes * READ_PAST_FACTOR;
	}

	static final int READ_PAST_FACTOR = 4;

	/** What the filter found for this request: the files' names and sizes; null when the upload was in bounds. */
	static Sent of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof Sent sent) ? sent : null;
	}

	/** The files of an upload over the limit, as sent (name as the browser gave it, bytes counted). */
	record Sent(long requestBytes, List<File> files) {

		long fileBytes() {
			return this.files.stream().mapToLong(File::bytes).sum();
		}

	}

	record File(String field, String name, long bytes) {
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (of(request) != null) {
			return false;
		}
		long length = request.getContentLengthLong();
		return !this.upload.matches(request) || length <= this.maxRequestBytes || length > readPastAtMost()
				|| boundary(request) == null;
	}

	/**
	 * Also on the error page's dispatch after a refusal (a wrong CSRF token's 403): the body is read, so that
	 * page must not try to parse it again (Spring would answer 413 for the refused upload instead).
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (of(request) != null) {
			chain.doFilter(withoutFiles(request, Map.of()), response);
			return;
		}
		if (!TRUST.isAuthenticated(SecurityContextHolder.getContext().getAuthentication())) {
			chain.doFilter(request, response);
			return;
		}
		Map<String, String[]> fields = new LinkedHashMap<>();
		List<File> files = new ArrayList<>();
		try {
			read(request.getInputStream(), boundary(request), fields, files);
		}
		catch (IOException | IllegalArgumentException ex) {
			// not a body a browser sends, or the client went away: the chain refuses it as before
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(ATTRIBUTE, new Sent(request.getContentLengthLong(), List.copyOf(files)));
		chain.doFilter(withoutFiles(request, fields), response);
	}

	private static HttpServletRequest withoutFiles(HttpServletRequest request, Map<String, String[]> fields) {
		return new DefaultMultipartHttpServletRequest(request, new LinkedMultiValueMap<>(), fields, Map.of());
	}

	private static byte[] boundary(HttpServletRequest request) {
		try {
			MediaType type = MediaType.parseMediaType(request.getContentType());
			String boundary = type.getParameter("boundary");
			if (!MediaType.MULTIPART_FORM_DATA.includes(type) || boundary == null || boundary.isEmpty()) {
				return null;
			}
			if (boundary.length() > 1 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
				boundary = boundary.substring(1, boundary.length() - 1);
			}
			return boundary.getBytes(StandardCharsets.ISO_8859_1);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Reads every part to the end: short fields kept, files counted and dropped. */
	private static void read(InputStream body, byte[] boundary, Map<String, String[]> fields, List<File> files)
			throws IOException {
		MultipartStream parts = new MultipartStream(body, boundary, 8192, null);
		parts.setHeaderEncoding(StandardCharsets.UTF_8.name());
		byte[] buffer = new byte[8192];
		int seen = 0;
		boolean next = parts.skipPreamble();
		while (next) {
			ContentDisposition disposition = disposition(parts.readHeaders());
			String name = (disposition != null) ? disposition.getName() : null;
			boolean keep = name != null && seen++ < MAX_PARTS;
			ByteArrayOutputStream value = new ByteArrayOutputStream();
			long bytes = 0;
			try (InputStream part = parts.newInputStream()) {
				for (int n = part.read(buffer); n != -1; n = part.read(buffer)) {
					if (keep && disposition.getFilename() == null && bytes + n <= MAX_FIELD_BYTES) {
						value.write(buffer, 0, n);
					}
					bytes += n;
				}
			}
			if (keep && disposition.getFilename() != null) {
				if (!disposition.getFilename().isEmpty() || bytes > 0) {
					files.add(new File(name, disposition.getFilename(), bytes));
				}
			}
			else if (keep && bytes <= MAX_FIELD_BYTES) {
				String[] before = fields.getOrDefault(name, new String[0]);
				String[] values = java.util.Arrays.copyOf(before, before.length + 1);
				values[before.length] = value.toString(StandardCharsets.UTF_8);
				fields.put(name, values);
			}
			next = parts.readBoundary();
		}
	}

	private static ContentDisposition disposition(String headers) {
		for (String line : headers.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
				return ContentDisposition.parse(line.substring(colon + 1).strip());
			}
		}
		return null;
	}

}
