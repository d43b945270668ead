package dev.keyway.bench.stacks;

import java.nio.file.Files;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Embedded Tomcat with its default HTTP/1.1 connector (NIO, up to 200 worker threads, keep-alive with at most 100
 * requests per connection: the defaults Keyway runs with too) and one servlet. Nothing is tuned; the connector
 * binds to loopback only.
 */
final class TomcatStack implements Stacks.Server {

	private Tomcat tomcat;

	@Override
	public String start(int port, byte[] body) throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(Files.createTempDirectory("keyway-stacks-tomcat").toString());
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("address", Stacks.HOST);
		this.tomcat.setConnector(connector);
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "storeConfigs", new StoreConfigsServlet(body));
		context.addServletMappingDecoded(Stacks.PATH, "storeConfigs");
		this.tomcat.start();
		return "Tomcat " + ServerInfo.getServerNumber();
	}

	@Override
	public void await() {
		this.tomcat.getServer().await();
	}

}
