package dev.keyway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.keyway.KeywayApplication;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Keyway node started outside the test framework, on a random port, for tests that need several
 * nodes on one database (or a database they stop and start).
 */
public final class KeywayNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final Http http;

	private KeywayNode(ConfigurableApplicationContext context) {
		this.context = context;
		this.http = new Http(port());
	}

	/**
	 * Starts a node on the given database; nodes of one deployment must share {@code masterKey}.
	 * @param extra further properties, e.g. {@code keyway.oauth.nonce-store}
	 */
	public static KeywayNode start(TestDatabases.Database database, String masterKey, Map<String, Object> extra) {
		return start(database, masterKey, extra, (context) -> {
		});
	}

	/** As {@link #start(TestDatabases.Database, String, Map)}, with an initializer of the test's own (listeners). */
	public static KeywayNode start(TestDatabases.Database database, String masterKey, Map<String, Object> extra,
			org.springframework.context.ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("keyway.crypto.master-keys", masterKey);
		properties.put("keyway.admin.username", KeywayTestContextCustomizerFactory.ADMIN_USERNAME);
		properties.put("keyway.admin.password", KeywayTestContextCustomizerFactory.ADMIN_PASSWORD);
		properties.put("keyway.webapi.refusal-delay", KeywayTestContextCustomizerFactory.REFUSAL_DELAY);
		try {
			properties.put("keyway.data-dir", Files.createTempDirectory("keyway-node-").toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		properties.putAll(extra);
		// as arguments, so they win over application.yml (builder properties would be defaults only)
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(KeywayApplication.class)
			.initializers(KeywayNode::prepare, initializer)
			.run(arguments);
		return new KeywayNode(context);
	}

	/** As in every test context: bcrypt at its smallest work factor. */
	private static void prepare(ConfigurableApplicationContext context) {
		if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
			TestPasswordHashing.register(registry);
		}
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public Http http() {
		return this.http;
	}

	public String url(String path) {
		return this.http.url(path);
	}

	/** The node's application context (e.g. for MockMvc over the node's own beans). */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
