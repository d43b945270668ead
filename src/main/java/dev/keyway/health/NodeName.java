package dev.keyway.health;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The name of this node in refusal records (issue 16): {@code keyway.node-name} when set, else the
 * host's name and the port it serves on ({@code web-1:8080}), so that two nodes on one host differ
 * and a restart keeps the name. At most 64 characters (the column's size).
 */
@Component
class NodeName {

	static final int MAX_LENGTH = 64;

	private final String configured;

	private volatile String name;

	NodeName(@Value("${keyway.node-name:}") String configured) {
		this.configured = (configured == null || configured.isBlank()) ? null : configured.strip();
		if (this.configured != null && this.configured.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("keyway.node-name must have at most " + MAX_LENGTH + " characters; got "
					+ this.configured.length());
		}
		this.name = (this.configured != null) ? this.configured : host();
	}

	@EventListener
	void on(WebServerInitializedEvent event) {
		// the management server, when on its own port, has a namespace: the node is named by the main one
		if (this.configured == null && event.getApplicationContext().getServerNamespace() == null
				&& event.getWebServer().getPort() > 0) {
			String withPort = host() + ":" + event.getWebServer().getPort();
			this.name = (withPort.length() <= MAX_LENGTH) ? withPort : withPort.substring(withPort.length() - MAX_LENGTH);
		}
	}

	String get() {
		return this.name;
	}

	private static String host() {
		try {
			String host = InetAddress.getLocalHost().getHostName();
			return (host.length() <= MAX_LENGTH - 6) ? host : host.substring(0, MAX_LENGTH - 6);
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
