package dev.keyway.webapi;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.MappingMatch;
import jakarta.servlet.http.Part;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/**
 * One call read by the {@link EventLoopListener}, as the servlet request the {@link FrontDoor} and the Web API
 * pipeline read (issue 14.1). Hand-written: no maintained library adapts Netty's HTTP messages to the Servlet API
 * (Spring's mocks are test code; Tomcat's own request objects need its connector), and the pipeline needs only a
 * request whose body has already arrived. What it answers follows Tomcat's request where Keyway depends on it:
 * the raw request URI, the decoded servlet path and path info of the servlet's mapping, the server name and
 * port from the {@code Host} header (the URL the client signed, RFC 5849 3.4.1.2), the character encoding of
 * the content type, and the query and a form body as parameters. What a stateless listener does not have is
 * said, not faked: no session ({@code getSession(true)} refuses), no container log-in, no multipart, no
 * upgrade, no request dispatcher.
 */
final class LoopRequest implements HttpServletRequest {

	private static final AtomicLong IDS = new AtomicLong();

	private final String method;

	private final String requestUri;

	private final String queryString;

	private final String servletPath;

	private final String pathInfo;

	private final LoopMapping mapping;

	private final HttpHeaders headers;

	/** The body that arrived with the call; null when it streams. */
	private final byte[] body;

	/** The body still arriving, read on a worker; null when it arrived with the call. */
	private final LoopBody streamed;

	/** Runs a task off the event loop, the answer streaming from there ({@code AsyncContext.start}). */
	private java.util.function.Consumer<Runnable> offLoop = Runnable::run;

	private final InetSocketAddress local;

	private final InetSocketAddress remote;

	private final ServletContext context;

	/** What trusted proxies said of the client (server.forward-headers-strategy=native), or null. */
	private final LoopForwarded.Seen seen;

	private final Map<String, Object> attributes = new HashMap<>();

	private final String id = Long.toString(IDS.incrementAndGet());

	private String characterEncoding;

	private boolean encodingRead;

	private Map<String, String[]> parameters;

	private Object bodyReader;

	private LoopAsync async;

	private ServletResponse response;

	/**
	 * @param requestUri the request target's path as sent (origin form), never decoded
	 * @param queryString what followed the first {@code ?}, or null
	 * @param mapping the servlet's URL pattern that took the path
	 */
	LoopRequest(String method, String requestUri, String queryString, LoopMapping mapping, HttpHeaders headers,
			byte[] body, LoopBody streamed, InetSocketAddress local, InetSocketAddress remote, ServletContext context,
			LoopForwarded.Seen seen) {
		this.method = method;
		this.requestUri = requestUri;
		this.queryString = queryString;
		this.mapping = mapping;
		String decoded = LoopPaths.decode(requestUri);
		this.servletPath = mapping.servletPath(decoded);
		this.pathInfo = mapping.pathInfo(decoded);
		this.headers = headers;
		this.body = body;
		this.streamed = streamed;
		this.local = local;
		this.remote = remote;
		this.context = context;
		this.seen = seen;
	}

	void response(ServletResponse response) {
		this.response = response;
	}

	LoopAsync async() {
		return this.async;
	}

	LoopBody streamedBody() {
		return this.streamed;
	}

	void offLoop(java.util.function.Consumer<Runnable> offLoop) {
		this.offLoop = offLoop;
	}

	// ---- request line and path

	@Override
	public String getMethod() {
		return this.method;
	}

	@Override
	public String getRequestURI() {
		return this.requestUri;
	}

	@Override
	public StringBuffer getRequestURL() {
		StringBuffer url = new StringBuffer(64).append(getScheme()).append("://").append(getServerName());
		int port = getServerPort();
		if (!(port == 80 && "http".equals(getScheme())) && !(port == 443 && "https".equals(getScheme()))) {
			url.append(':').append(port);
		}
		return url.append(this.requestUri);
	}

	@Override
	public String getContextPath() {
		return "";
	}

	@Override
	public String getServletPath() {
		return this.servletPath;
	}

	@Override
	public String getPathInfo() {
		return this.pathInfo;
	}

	@Override
	public String getPathTranslated() {
		return null;
	}

	@Override
	public String getQueryString() {
		return this.queryString;
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		return this.mapping.of(this.servletPath, this.pathInfo);
	}

	@Override
	public String getProtocol() {
		return "HTTP/1.1";
	}

	@Override
	public String getScheme() {
		return (this.seen != null && this.seen.scheme() != null) ? this.seen.scheme() : "http";
	}

	@Override
	public boolean isSecure() {
		return "https".equals(getScheme());
	}

	// ---- host and addresses

	/** The {@code Host} header's name (Tomcat's rule), else the local address the call came in on. */
	@Override
	public String getServerName() {
		if (this.seen != null && this.seen.host() != null) {
			return this.seen.host();
		}
		String host = this.headers.get(HttpHeaderNames.HOST);
		if (host == null || host.isEmpty()) {
			return this.local.getAddress().getHostAddress();
		}
		int colon = portColon(host);
		return (colon < 0) ? host : host.substring(0, colon);
	}

	/** The {@code Host} header's port, 80 when it names none, else the local port. */
	@Override
	public int getServerPort() {
		if (this.seen != null && this.seen.port() >= 0) {
			return this.seen.port();
		}
		String host = this.headers.get(HttpHeaderNames.HOST);
		if (host == null || host.isEmpty()) {
			return this.local.getPort();
		}
		int colon = portColon(host);
		if (colon < 0) {
			return 80;
		}
		try {
			return Integer.parseInt(host.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			return 80;
		}
	}

	/** The colon before the port of a {@code Host} value, or -1 (an IPv6 literal's colons are inside brackets). */
	private static int portColon(String host) {
		int colon = host.lastIndexOf(':');
		return (colon > host.lastIndexOf(']')) ? colon : -1;
	}

	@Override
	public String getRemoteAddr() {
		if (this.seen != null && this.seen.client() != null) {
			return this.seen.client();
		}
		return this.remote.getAddress().getHostAddress();
	}

	@Override
	public String getRemoteHost() {
		// no reverse look-up, as Tomcat's default (enableLookups=false)
		return getRemoteAddr();
	}

	@Override
	public int getRemotePort() {
		return this.remote.getPort();
	}

	@Override
	public String getLocalName() {
		return this.local.getAddress().getHostAddress();
	}

	@Override
	public String getLocalAddr() {
		return this.local.getAddress().getHostAddress();
	}

	@Override
	public int getLocalPort() {
		return this.local.getPort();
	}

	// ---- headers

	@Override
	public String getHeader(String name) {
		return this.headers.get(LoopHeaderNames.of(name));
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return Collections.enumeration(this.headers.getAll(LoopHeaderNames.of(name)));
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(new LinkedHashSet<>(this.headers.names()));
	}

	@Override
	public long getDateHeader(String name) {
		String value = this.headers.get(name);
		if (value == null) {
			return -1;
		}
		java.util.Date date = DateFormatter.parseHttpDate(value);
		if (date == null) {
			throw new IllegalArgumentException("not an HTTP date: " + Shown.shown(value));
		}
		return date.getTime();
	}

	@Override
	public int getIntHeader(String name) {
		String value = this.headers.get(name);
		return (value != null) ? Integer.parseInt(value) : -1;
	}

	@Override
	public Cookie[] getCookies() {
		List<String> values = this.headers.getAll("Cookie");
		if (values.isEmpty()) {
			return null;
		}
		List<Cookie> cookies = new ArrayList<>();
		for (String value : values) {
			for (io.netty.handler.codec.http.cookie.Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(value)) {
				cookies.add(new Cookie(cookie.name(), cookie.value()));
			}
		}
		return cookies.toArray(new Cookie[0]);
	}

	@Override
	public Locale getLocale() {
		return getLocales().nextElement();
	}

	/** The {@code Accept-Language} ranges by quality (the server's default locale when there are none). */
	@Override
	public Enumeration<Locale> getLocales() {
		List<Locale> locales = LoopPaths.locales(this.headers.get("Accept-Language"));
		return Collections.enumeration(locales.isEmpty() ? List.of(Locale.getDefault()) : locales);
	}

	// ---- body

	@Override
	public String getContentType() {
		return this.headers.get(HttpHeaderNames.CONTENT_TYPE);
	}

	@Override
	public int getContentLength() {
		long length = getContentLengthLong();
		return (length > Integer.MAX_VALUE) ? -1 : (int) length;
	}

	@Override
	public long getContentLengthLong() {
		String value = this.headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	@Override
	public String getCharacterEncoding() {
		if (this.characterEncoding == null) {
			this.characterEncoding = LoopPaths.charset(getContentType());
		}
		return this.characterEncoding;
	}

	@Override
	public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
		if (this.encodingRead) {
			// the servlet rule: too late once the body or the parameters were read
			return;
		}
		try {
			Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			throw new UnsupportedEncodingException(encoding);
		}
		this.characterEncoding = encoding;
	}

	private Charset charset() {
		this.encodingRead = true;
		String encoding = getCharacterEncoding();
		try {
			return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			return StandardCharsets.ISO_8859_1;
		}
	}

	@Override
	public ServletInputStream getInputStream() {
		if (this.bodyReader instanceof BufferedReader) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		if (this.bodyReader == null) {
			this.encodingRead = true;
			this.bodyReader = (this.streamed != null) ? this.streamed : new BodyStream(this.body);
		}
		return (ServletInputStream) this.bodyReader;
	}

	@Override
	public BufferedReader getReader() {
		if (this.bodyReader instanceof ServletInputStream) {
			throw new IllegalStateException("getInputStream() has already been called for this request");
		}
		if (this.bodyReader == null) {
			java.io.InputStream in = (this.streamed != null) ? this.streamed : new ByteArrayInputStream(this.body);
			this.bodyReader = new BufferedReader(new InputStreamReader(in, charset()));
		}
		return (BufferedReader) this.bodyReader;
	}

	// ---- parameters: the query, and a form body of a POST that arrived with the call (Tomcat's parseBodyMethods;
	// a form body over LoopCalls.STREAM_AT streams and is not read as parameters: the Web API reads its own)

	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.unmodifiableMap(parameters());
	}

	private Map<String, String[]> parameters() {
		if (this.parameters == null) {
			Charset charset = charset();
			Map<String, List<String>> found = new LinkedHashMap<>();
			LoopPaths.formFields(this.queryString, charset, found);
			String type = getContentType();
			if ("POST".equals(this.method) && type != null
					&& type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
					&& this.bodyReader == null && this.body != null) {
				LoopPaths.formFields(new String(this.body, charset), charset, found);
			}
			Map<String, String[]> parameters = new LinkedHashMap<>();
			found.forEach((name, values) -> parameters.put(name, values.toArray(new String[0])));
			this.parameters = parameters;
		}
		return this.parameters;
	}

	// ---- attributes

	@Override
	public Object getAttribute(String name) {
		return this.attributes.get(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(new ArrayList<>(this.attributes.keySet()));
	}

	@Override
	public void setAttribute(String name, Object value) {
		if (value == null) {
			this.attributes.remove(name);
		}
		else {
			this.attributes.put(name, value);
		}
	}

	@Override
	public void removeAttribute(String name) {
		this.attributes.remove(name);
	}

	// ---- asynchronous answers (RefusalDelay)

	@Override
	public AsyncContext startAsync() {
		return startAsync(this, this.response);
	}

	@Override
	public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
		if (this.async != null) {
			throw new IllegalStateException("The asynchronous answer of this call has already started");
		}
		this.async = new LoopAsync(request, response, request == this && response == this.response, this.offLoop);
		return this.async;
	}

	@Override
	public boolean isAsyncStarted() {
		return this.async != null && !this.async.isCompleted();
	}

	@Override
	public boolean isAsyncSupported() {
		return true;
	}

	@Override
	public AsyncContext getAsyncContext() {
		if (!isAsyncStarted()) {
			throw new IllegalStateException("No asynchronous answer was started for this call");
		}
		return this.async;
	}

	@Override
	public DispatcherType getDispatcherType() {
		return DispatcherType.REQUEST;
	}

	@Override
	public ServletContext getServletContext() {
		return this.context;
	}

	/** None: the listener answers one servlet's paths, without forwards or includes. */
	@Override
	public RequestDispatcher getRequestDispatcher(String path) {
		return null;
	}

	@Override
	public String getRequestId() {
		return this.id;
	}

	@Override
	public String getProtocolRequestId() {
		return "";
	}

	@Override
	public ServletConnection getServletConnection() {
		return new ServletConnection() {
			@Override
			public String getConnectionId() {
				return LoopRequest.this.remote.toString();
			}

			@Override
			public String getProtocol() {
				return "http/1.1";
			}

			@Override
			public String getProtocolConnectionId() {
				return "";
			}

			@Override
			public boolean isSecure() {
				return false;
			}
		};
	}

	// ---- what a stateless listener does not have

	@Override
	public HttpSession getSession(boolean create) {
		if (create) {
			throw new IllegalStateException("The event-loop listener keeps no sessions (stateless paths only)");
		}
		return null;
	}

	@Override
	public HttpSession getSession() {
		return getSession(true);
	}

	@Override
	public String changeSessionId() {
		throw new IllegalStateException("No session: the event-loop listener keeps none");
	}

	@Override
	public String getRequestedSessionId() {
		return null;
	}

	@Override
	public boolean isRequestedSessionIdValid() {
		return false;
	}

	@Override
	public boolean isRequestedSessionIdFromCookie() {
		return false;
	}

	@Override
	public boolean isRequestedSessionIdFromURL() {
		return false;
	}

	@Override
	public String getAuthType() {
		return null;
	}

	@Override
	public String getRemoteUser() {
		return null;
	}

	@Override
	public Principal getUserPrincipal() {
		return null;
	}

	@Override
	public boolean isUserInRole(String role) {
		return false;
	}

	@Override
	public boolean authenticate(HttpServletResponse response) throws ServletException {
		throw new ServletException("No container log-in on the event-loop listener: the Web API authenticates each call");
	}

	@Override
	public void login(String username, String password) throws ServletException {
		throw new ServletException("No container log-in on the event-loop listener: the Web API authenticates each call");
	}

	@Override
	public void logout() {
	}

	@Override
	public Collection<Part> getParts() throws ServletException {
		throw new ServletException("multipart/form-data is not read on the event-loop listener");
	}

	@Override
	public Part getPart(String name) throws ServletException {
		throw new ServletException("multipart/form-data is not read on the event-loop listener");
	}

	@Override
	public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
		throw new ServletException("Protocol upgrades are not offered on the event-loop listener");
	}

	/**
	 * The servlet mapping that took a path: {@code /rest/*} (a prefix) or {@code /auth/verify} (exact); or, for
	 * Spring MVC's dispatcher, the default servlet ({@code /}) for the paths under {@code pattern} it answers here.
	 */
	record LoopMapping(String pattern, String servletName, boolean defaultServlet) {

		LoopMapping(String pattern, String servletName) {
			this(pattern, servletName, false);
		}

		boolean prefix() {
			return this.pattern.endsWith("/*");
		}

		String servletPath(String decodedPath) {
			return (prefix() && !this.defaultServlet) ? this.pattern.substring(0, this.pattern.length() - 2) : decodedPath;
		}

		String pathInfo(String decodedPath) {
			if (!prefix() || this.defaultServlet) {
				return null;
			}
			String rest = decodedPath.substring(this.pattern.length() - 2);
			return rest.isEmpty() ? null : rest;
		}

		boolean matches(String rawPath) {
			if (!prefix()) {
				return rawPath.equals(this.pattern);
			}
			// the prefix itself or a path under it ("/rest", "/rest/..."), compared in place: every call passes here
			int base = this.pattern.length() - 2;
			return rawPath.regionMatches(0, this.pattern, 0, base)
					&& (rawPath.length() == base || rawPath.charAt(base) == '/');
		}

		HttpServletMapping of(String servletPath, String pathInfo) {
			String pattern = this.defaultServlet ? "/" : this.pattern;
			String name = this.servletName;
			MappingMatch match = this.defaultServlet ? MappingMatch.DEFAULT
					: prefix() ? MappingMatch.PATH : MappingMatch.EXACT;
			String value = this.defaultServlet ? ""
					: prefix() ? ((pathInfo != null) ? pathInfo.substring(1) : "") : servletPath.substring(1);
			return new HttpServletMapping() {
				@Override
				public String getMatchValue() {
					return value;
				}

				@Override
				public String getPattern() {
					return pattern;
				}

				@Override
				public String getServletName() {
					return name;
				}

				@Override
				public MappingMatch getMappingMatch() {
					return match;
				}
			};
		}

	}

	/** The body that arrived with the call, as a stream. */
	private static final class BodyStream extends ServletInputStream {

		private final ByteArrayInputStream in;

		BodyStream(byte[] body) {
			this.in = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.in.read(buffer, offset, length);
		}

		@Override
		public int available() {
			return this.in.available();
		}

		@Override
		public boolean isFinished() {
			return this.in.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			try {
				if (isFinished()) {
					listener.onAllDataRead();
				}
				else {
					listener.onDataAvailable();
				}
			}
			catch (IOException ex) {
				listener.onError(ex);
			}
		}

	}

}
