package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Locale;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import tools.jackson.core.io.JsonStringEncoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

import org.apache.tomcat.util.http.FastHttpDateFormat;

/**
 * The servlet response of a call on the {@link EventLoopListener}: status, headers (Netty's, which refuse a
 * name or value that would split the header block) and the whole body in memory, sent by the listener once
 * the call is answered. The Web API's answers are built in memory anyway ({@link ResponseWriter}); answers
 * that stream (the gateway's) are not served on this listener. "Committed" keeps the servlet meaning — a
 * flushed or closed body, {@code sendError}, {@code sendRedirect} — so status and headers stop changing
 * at the same points as on Tomcat, though the bytes leave only at the end. Hand-written, as {@link LoopRequest}.
 */
final class LoopResponse implements HttpServletResponse {

	/** What {@link #getBufferSize()} reports before the call sets another: Tomcat's default. */
	private static final int DEFAULT_BUFFER = 8192;

	private final HttpHeaders headers = new DefaultHttpHeaders();

	/**
	 * Empty until the first write. Jackson's generator hands a JSON answer over in one write (from its own
	 * 8000-byte buffer), so the array is allocated at the answer's size; an answer without a body (the
	 * verify-only endpoint's 200, a 204) allocates none. A first array of 2 KiB was 18 % of what a call of
	 * {@code /auth/verify} allocated (docs/BENCHMARKS.md, "Wave 2, thirty-first session").
	 */
	private final Bytes body = new Bytes();

	private int status = 200;

	private String contentType;

	private String characterEncoding;

	private boolean encodingSet;

	private Locale locale = Locale.getDefault();

	private int bufferSize = DEFAULT_BUFFER;

	private boolean committed;

	/** {@link #sendError} was called: the body is Spring Boot's error page, written by {@link #errorPage}. */
	private boolean errorPage;

	private static final java.time.format.DateTimeFormatter TIMESTAMP = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
		.withZone(java.time.ZoneOffset.UTC);

	private Object writer;

	/** Where the answer goes as it is written, for a call on a worker; null on the event loop (sent at the end). */
	private Sink sink;

	/** The status line and headers were sent: what is written now goes out in pieces. */
	private boolean streaming;

	/** A length the handler declared (an upstream's answer passed on), sent instead of chunked framing; -1 none. */
	private long declaredLength = -1;

	/** The body bytes sent in pieces so far. */
	private long sentBytes;

	/** How much is kept before a piece is sent, once streaming. */
	private static final int PIECE = 8192;

	/**
	 * The connection, for an answer that streams: its status line and headers once, then its pieces, each
	 * waiting while the client is slower than the answer (backpressure).
	 */
	interface Sink {

		void head(LoopResponse response) throws java.io.IOException;

		void piece(byte[] bytes) throws java.io.IOException;

		/** The worker that wrote the answer has done (the rest is sent from the event loop). */
		default void done() {
		}

	}

	void sink(Sink sink) {
		this.sink = sink;
	}

	/** The call has ended on its worker: a sink that streamed the answer gives back what it held for it. */
	void workerDone() {
		if (this.sink != null) {
			this.sink.done();
		}
	}

	boolean streaming() {
		return this.streaming;
	}

	long declaredLength() {
		return this.declaredLength;
	}

	/**
	 * Whether the answer is longer than the response buffer (what it holds now, or the length it declares): a worker
	 * writing it may have to wait for its client. A whole short answer flushed or closed is not.
	 */
	boolean longerThanBuffer() {
		return this.body.size() > this.bufferSize || this.declaredLength > this.bufferSize;
	}

	/** Whether a streamed answer of a declared length ends with {@code rest} bytes short of it or beyond it. */
	boolean lengthBroken(int rest) {
		return this.declaredLength >= 0 && this.sentBytes + rest != this.declaredLength;
	}

	/** Sends the status line and headers, then what was written so far (on the worker that writes the answer). */
	private void stream() throws java.io.IOException {
		if (!this.streaming) {
			this.streaming = true;
			this.committed = true;
			this.sink.head(this);
		}
		if (this.body.size() > 0) {
			byte[] piece = this.body.toByteArray();
			this.body.reset();
			this.sentBytes += piece.length;
			this.sink.piece(piece);
		}
	}

	// ---- what the listener sends

	HttpResponseStatus nettyStatus() {
		return HttpResponseStatus.valueOf(this.status);
	}

	/** The headers to send, with the content type as the servlet rules compose it. */
	HttpHeaders headersToSend() {
		if (this.writer instanceof PrintWriter printer) {
			printer.flush();
		}
		String type = getContentType();
		if (type != null) {
			this.headers.set(LoopHeaderNames.CONTENT_TYPE, type);
		}
		if (!this.headers.contains(LoopHeaderNames.DATE)) {
			// Tomcat's own Date header: formatted once a second, not once a call
			this.headers.set(LoopHeaderNames.DATE, FastHttpDateFormat.getCurrentDate());
		}
		return this.headers;
	}

	byte[] bodyToSend() {
		if (this.writer instanceof PrintWriter printer) {
			printer.flush();
		}
		return this.body.toByteArray();
	}

	/**
	 * The body to send as it lies in memory, not copied: the call is over. From here on the response is committed
	 * and its body refuses writes, so a late writer fails instead of changing bytes on their way out.
	 */
	ByteBuf bodyBuffer() {
		if (this.writer instanceof PrintWriter printer) {
			printer.flush();
		}
		this.committed = true;
		return this.body.wrapped();
	}

	/** A byte stream whose bytes can be sent where they lie; once they are, it takes no more. */
	private static final class Bytes extends ByteArrayOutputStream {

		private boolean sent;

		Bytes() {
			super(0);
		}

		// synchronized as ByteArrayOutputStream's own methods: a late writer on a worker sees the flag
		synchronized ByteBuf wrapped() {
			this.sent = true;
			return Unpooled.wrappedBuffer(this.buf, 0, this.count);
		}

		@Override
		public synchronized void write(int b) {
			unsent();
			super.write(b);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			unsent();
			super.write(bytes, offset, length);
		}

		@Override
		public synchronized void reset() {
			unsent();
			super.reset();
		}

		private void unsent() {
			if (this.sent) {
				throw new IllegalStateException("The answer was sent already");
			}
		}

	}

	// ---- status

	@Override
	public void setStatus(int status) {
		if (!this.committed) {
			this.status = status;
		}
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	/**
	 * What Tomcat's port answers through Spring Boot's error page for the Web API's paths (the firewall's 400, for
	 * one): Boot's JSON error attributes without the message, which it does not show by default.
	 */
	@Override
	public void sendError(int status, String message) {
		if (this.committed) {
			throw new IllegalStateException("The response is already committed");
		}
		resetBuffer();
		this.status = status;
		// as Boot's error page sends it: JSON's own encoding, UTF-8, not named
		this.contentType = "application/json";
		this.characterEncoding = null;
		this.encodingSet = false;
		this.errorPage = true;
		this.committed = true;
	}

	/** The error page's body, once the request's path is known (the listener calls this before sending). */
	void errorPage(String path) {
		if (!this.errorPage) {
			return;
		}
		StringBuilder json = new StringBuilder(160).append("{\"timestamp\":\"")
			.append(TIMESTAMP.format(java.time.Instant.now()))
			.append("\",\"status\":")
			.append(this.status)
			.append(",\"error\":\"");
		JsonStringEncoder.getInstance().quoteAsString(HttpResponseStatus.valueOf(this.status).reasonPhrase(), json);
		json.append("\",\"path\":\"");
		JsonStringEncoder.getInstance().quoteAsString(path, json);
		this.body.writeBytes(json.append("\"}").toString().getBytes(StandardCharsets.UTF_8));
		this.errorPage = false;
	}

	@Override
	public void sendError(int status) {
		sendError(status, null);
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) {
		if (this.committed) {
			throw new IllegalStateException("The response is already committed");
		}
		if (clearBuffer) {
			resetBuffer();
		}
		this.status = status;
		this.headers.set("Location", location);
		this.committed = true;
	}

	// ---- headers

	@Override
	public void setHeader(String name, String value) {
		if (this.committed || special(name, value)) {
			return;
		}
		if (value == null) {
			this.headers.remove(LoopHeaderNames.of(name));
		}
		else {
			this.headers.set(LoopHeaderNames.of(name), value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (this.committed || value == null || special(name, value)) {
			return;
		}
		this.headers.add(LoopHeaderNames.of(name), value);
	}

	/** Content-Type and Content-Length set through the header methods, as Tomcat routes them. */
	private boolean special(String name, String value) {
		if ("Content-Type".equalsIgnoreCase(name)) {
			setContentType(value);
			return true;
		}
		if ("Content-Length".equalsIgnoreCase(name) && value != null) {
			// kept for an answer that streams; an answer sent whole carries the length of what was written
			try {
				this.declaredLength = Long.parseLong(value.strip());
			}
			catch (NumberFormatException ex) {
				this.declaredLength = -1;
			}
			return true;
		}
		return false;
	}

	@Override
	public void setIntHeader(String name, int value) {
		setHeader(name, Integer.toString(value));
	}

	@Override
	public void addIntHeader(String name, int value) {
		addHeader(name, Integer.toString(value));
	}

	@Override
	public void setDateHeader(String name, long date) {
		setHeader(name, DateFormatter.format(new Date(date)));
	}

	@Override
	public void addDateHeader(String name, long date) {
		addHeader(name, DateFormatter.format(new Date(date)));
	}

	@Override
	public boolean containsHeader(String name) {
		return this.headers.contains(LoopHeaderNames.of(name)) || ("Content-Type".equalsIgnoreCase(name) && this.contentType != null);
	}

	@Override
	public String getHeader(String name) {
		return "Content-Type".equalsIgnoreCase(name) ? getContentType() : this.headers.get(LoopHeaderNames.of(name));
	}

	@Override
	public Collection<String> getHeaders(String name) {
		if ("Content-Type".equalsIgnoreCase(name)) {
			String type = getContentType();
			return (type != null) ? java.util.List.of(type) : java.util.List.of();
		}
		return new ArrayList<>(this.headers.getAll(name));
	}

	@Override
	public Collection<String> getHeaderNames() {
		Collection<String> names = new LinkedHashSet<>(this.headers.names());
		if (this.contentType != null) {
			names.add("Content-Type");
		}
		return names;
	}

	@Override
	public void addCookie(Cookie cookie) {
		DefaultCookie out = new DefaultCookie(cookie.getName(), cookie.getValue());
		out.setPath(cookie.getPath());
		out.setDomain(cookie.getDomain());
		out.setMaxAge(cookie.getMaxAge() < 0 ? Long.MIN_VALUE : cookie.getMaxAge());
		out.setSecure(cookie.getSecure());
		out.setHttpOnly(cookie.isHttpOnly());
		addHeader("Set-Cookie", ServerCookieEncoder.STRICT.encode(out));
	}

	@Override
	public String encodeURL(String url) {
		return url;
	}

	@Override
	public String encodeRedirectURL(String url) {
		return url;
	}

	// ---- content type and encoding

	@Override
	public void setContentType(String type) {
		if (this.committed) {
			return;
		}
		if (type == null) {
			this.contentType = null;
			return;
		}
		String charset = LoopPaths.charset(type);
		int semicolon = type.indexOf(';');
		this.contentType = (semicolon < 0) ? type.trim() : type.substring(0, semicolon).trim();
		if (charset != null && this.writer == null) {
			this.characterEncoding = charset;
			this.encodingSet = true;
		}
	}

	/** The type with {@code ;charset=} when an encoding was set (Tomcat's composition). */
	@Override
	public String getContentType() {
		if (this.contentType == null) {
			return null;
		}
		return this.encodingSet ? this.contentType + ";charset=" + this.characterEncoding : this.contentType;
	}

	@Override
	public void setCharacterEncoding(String encoding) {
		if (this.committed || this.writer instanceof PrintWriter) {
			return;
		}
		this.characterEncoding = encoding;
		this.encodingSet = encoding != null;
	}

	@Override
	public String getCharacterEncoding() {
		return (this.characterEncoding != null) ? this.characterEncoding : "ISO-8859-1";
	}

	@Override
	public void setContentLength(int length) {
		setContentLengthLong(length);
	}

	/** Kept for an answer that streams; an answer sent whole carries the length of what was written. */
	@Override
	public void setContentLengthLong(long length) {
		if (!this.committed) {
			this.declaredLength = length;
		}
	}

	@Override
	public void setLocale(Locale locale) {
		if (this.committed || locale == null) {
			return;
		}
		this.locale = locale;
		this.headers.set("Content-Language", locale.toLanguageTag());
	}

	@Override
	public Locale getLocale() {
		return this.locale;
	}

	// ---- body

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.writer instanceof PrintWriter) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		if (this.writer == null) {
			this.writer = new Body();
		}
		return (ServletOutputStream) this.writer;
	}

	@Override
	public PrintWriter getWriter() {
		if (this.writer instanceof ServletOutputStream) {
			throw new IllegalStateException("getOutputStream() has already been called for this response");
		}
		if (this.writer == null) {
			if (this.characterEncoding == null) {
				this.characterEncoding = "ISO-8859-1";
			}
			Charset charset = Charset.forName(getCharacterEncoding());
			this.writer = new PrintWriter(new OutputStreamWriter(this.body, charset), false);
		}
		return (PrintWriter) this.writer;
	}

	@Override
	public void setBufferSize(int size) {
		if (this.committed || this.body.size() > 0) {
			throw new IllegalStateException("The buffer size cannot change once content was written");
		}
		this.bufferSize = size;
	}

	@Override
	public int getBufferSize() {
		return this.bufferSize;
	}

	@Override
	public void flushBuffer() throws java.io.IOException {
		if (this.writer instanceof PrintWriter printer) {
			printer.flush();
		}
		this.committed = true;
		if (this.sink != null) {
			stream();
		}
	}

	@Override
	public void resetBuffer() {
		if (this.committed) {
			throw new IllegalStateException("The response is already committed");
		}
		dropWritten();
	}

	/** The body so far, with what the writer still holds (else it would surface after what comes next), gone. */
	private void dropWritten() {
		if (this.writer instanceof PrintWriter printer) {
			printer.flush();
		}
		this.body.reset();
	}

	@Override
	public void reset() {
		if (this.committed) {
			throw new IllegalStateException("The response is already committed");
		}
		dropWritten();
		this.headers.clear();
		this.status = 200;
		this.errorPage = false;
		this.contentType = null;
		this.characterEncoding = null;
		this.encodingSet = false;
		this.writer = null;
		this.declaredLength = -1;
	}

	@Override
	public boolean isCommitted() {
		return this.committed;
	}

	/** The body's stream: written into memory; flushing or closing commits the response. */
	private final class Body extends ServletOutputStream {

		@Override
		public void write(int b) throws java.io.IOException {
			LoopResponse.this.body.write(b);
			overflow();
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
			LoopResponse.this.body.write(bytes, offset, length);
			overflow();
		}

		/**
		 * Tomcat commits once the buffer is full; so does this response. On a worker the bytes then leave in pieces;
		 * on the event loop they wait in memory until the answer is complete.
		 */
		private void overflow() throws java.io.IOException {
			int size = LoopResponse.this.body.size();
			if (LoopResponse.this.sink != null && (LoopResponse.this.streaming ? size >= PIECE
					: size > LoopResponse.this.bufferSize)) {
				stream();
			}
			else if (size > LoopResponse.this.bufferSize) {
				LoopResponse.this.committed = true;
			}
		}

		@Override
		public void flush() throws java.io.IOException {
			flushBuffer();
		}

		@Override
		public void close() throws java.io.IOException {
			flushBuffer();
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			try {
				listener.onWritePossible();
			}
			catch (java.io.IOException ex) {
				listener.onError(ex);
			}
		}

	}

}
