package dev.keyway.bench.stacks;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

/**
 * Jetty 12 with an EE 11 (Servlet 6.1, as Tomcat 11) servlet context and one servlet, on Jetty's default thread pool
 * (QueuedThreadPool, 8..200 threads) and one HTTP/1.1 connector. One production setting: no {@code Server: Jetty(..)}
 * banner (hardening; Tomcat 11, Reactor Netty and Keyway send none, so the answers stay the same size). The connector
 * binds to loopback only.
 */
final class JettyStack implements Stacks.Server {

	private Server server;

	@Override
	public String start(int port, byte[] body) throws Exception {
		this.server = new Server();
		HttpConfiguration http = new HttpConfiguration();
		http.setSendServerVersion(false);
		ServerConnector connector = new ServerConnector(this.server, new HttpConnectionFactory(http));
		connector.setHost(Stacks.HOST);
		connector.setPort(port);
		this.server.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		context.setContextPath("/");
		context.addServlet(new ServletHolder("storeConfigs", new StoreConfigsServlet(body)), Stacks.PATH);
		this.server.setHandler(context);
		this.server.start();
		return "Jetty " + Jetty.VERSION;
	}

	@Override
	public void await() throws InterruptedException {
		this.server.join();
	}

}
