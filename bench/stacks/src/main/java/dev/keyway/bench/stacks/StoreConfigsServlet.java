package dev.keyway.bench.stacks;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The bare servlet for Tomcat and Jetty: the same bytes every time, with their length (no chunking). */
final class StoreConfigsServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final byte[] body;

	StoreConfigsServlet(byte[] body) {
		this.body = body.clone();
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setContentType(Stacks.CONTENT_TYPE);
		response.setContentLength(this.body.length);
		response.getOutputStream().write(this.body);
	}

}
