package dev.keyway.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.OAuthClientCredentials;
import dev.keyway.testing.SignedRequests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code envoy.yaml} of docs/GATEWAY.md section 5, as an operator copies it: read with Envoy's own
 * configuration API (the v3 protocol buffers published for Java control planes; no Envoy binary is
 * available where the tests run), then a model of Envoy built from its values ({@link EnvoyFront}) in
 * front of a real Keyway, calls signed by google-oauth-client. The API checks field, type and enum names
 * and what Envoy has deprecated; not the validation rules Envoy applies at start (required fields, lengths),
 * which {@code JsonFormat} does not know: those were checked by reading the protocol files (a review).
 */
class EnvoyConfigTests {

	private static final TypeRegistry EXTENSIONS = TypeRegistry.newBuilder()
		.add(List.of(HttpConnectionManager.getDescriptor(), ExtAuthz.getDescriptor(), ExtAuthzPerRoute.getDescriptor(),
				Router.getDescriptor()))
		.build();

	private static final String ENVOY = "envoy.example:10000";

	static KeywayNode node;

	static FrontedNode fronted;

	static OAuthClientCredentials stock;

	static long stockId;

	static EnvoyFront front;

	static EnvoyFront frontOnLoop;

	@BeforeAll
	static void start() throws Exception {
		// the upstream of docs/GATEWAY.md section 1 (the model forwards nowhere: it says what it would send)
		fronted = FrontedNode.start("http://127.0.0.1:9000", "envoy stock");
		node = fronted.node();
		stock = fronted.stock();
		stockId = fronted.stockId();
		Bootstrap bootstrap = parse(documentedConfig());
		front = new EnvoyFront(bootstrap, node.port());
		frontOnLoop = new EnvoyFront(bootstrap, fronted.loopPort());
	}

	@AfterAll
	static void stop() {
		if (fronted != null) {
			fronted.close();
		}
	}

	@Test
	void parseWhenFieldNameIsNotEnvoysThenRefused() {
		String config = documentedConfig();

		assertThatThrownBy(() -> parse(config.replace("path_prefix:", "path_prefx:")))
			.isInstanceOf(InvalidProtocolBufferException.class)
			.hasMessageContaining("path_prefx");
		assertThatThrownBy(() -> parse(config.replace("REJECT_REQUEST", "REJECT")))
			.isInstanceOf(InvalidProtocolBufferException.class);
	}

	@Test
	void documentedConfigWhenWalkedThenNoFieldOrValueEnvoyHasDeprecated() throws Exception {
		String config = documentedConfig();
		// the form the document had until Envoy's API was read: the filter's allowed_headers under the request
		String before = config.replace("                        authorization_response:\n",
				"                        authorization_request:\n"
						+ "                          allowed_headers: {patterns: [{exact: content-type}]}\n"
						+ "                        authorization_response:\n");

		assertThat(deprecated(parse(config), "")).isEmpty();
		assertThat(deprecated(parse(before), "")).containsExactly(
				"static_resources.listeners.filter_chains.filters.typed_config.http_filters.typed_config"
						+ ".http_service.authorization_request.allowed_headers");
	}

	@Test
	void documentedConfigWhenReadThenEveryForwardedCallIsCheckedAndNoFailureLetsOneThrough() throws Exception {
		HttpConnectionManager manager = front.manager();
		List<HttpFilter> filters = manager.getHttpFiltersList();
		ExtAuthz check = front.check();
		List<String> clusters = parse(documentedConfig()).getStaticResources().getClustersList().stream()
			.map(Cluster::getName).toList();

		assertThat(filters.get(filters.size() - 1).getTypedConfig().is(Router.class)).as("the router is last").isTrue();
		assertThat(filters.get(0).getTypedConfig().is(ExtAuthz.class)).as("the check comes first").isTrue();
		assertThat(check.getFailureModeAllow()).isFalse();
		assertThat(check.hasWithRequestBody()).as("Keyway cannot check a body this way").isFalse();
		assertThat(check.getStatusOnError().getCodeValue()).isEqualTo(503);
		assertThat(check.getHttpService().getPathPrefix()).isEqualTo("/auth/envoy");
		assertThat(clusters).contains(check.getHttpService().getServerUri().getCluster());
		assertThat(manager.getUseRemoteAddress().getValue()).isTrue();
		for (Route route : manager.getRouteConfig().getVirtualHosts(0).getRoutesList()) {
			if (route.hasRoute()) {
				assertThat(route.getTypedPerFilterConfigMap()).as("a forwarding route is never unchecked").isEmpty();
				assertThat(clusters).contains(route.getRoute().getCluster());
				// Envoy removes these after the check: an identity header listed here would drop Keyway's own
				assertThat(route.getRequestHeadersToRemoveList()).doesNotContainAnyElementsOf(
						java.util.Arrays.stream(IdentityHeaders.SIGNED).map((name) -> name.toLowerCase(Locale.ROOT)).toList());
				assertThat(route.getRequestHeadersToRemoveList()).contains("x-http-method-override", "x-original-url");
			}
		}
	}

	@Test
	void envoyWhenCallSignedByGoogleForEnvoysUrlThenForwardedWithPathAfterRestIdentityAndNoCredentials()
			throws Exception {
		for (EnvoyFront envoy : List.of(front, frontOnLoop)) {
			String path = "/rest/V1/erp/stock/ENVOY-" + envoy.hashCode() + "?x=1";
			EnvoyFront.Outcome outcome = envoy.handle("GET", ENVOY, path,
					Map.of("Authorization", signed("GET", path), "Cookie", "session=1",
							"X-Consumer-Username", "spoofed", "X-Keyway-Signature", "spoofed",
							"X-HTTP-Method-Override", "DELETE", "X-Forwarded-Host", "evil.example",
							"X-Forwarded-Prefix", "/admin", "X-Authenticated-Userid", "admin", "X-Consumer-Groups", "admins",
							"X-Forwarded-Port", "443"), "203.0.113.7");

			assertThat(outcome).isInstanceOf(EnvoyFront.Forwarded.class);
			EnvoyFront.Forwarded forwarded = (EnvoyFront.Forwarded) outcome;
			assertThat(forwarded.cluster()).isEqualTo("erp");
			assertThat(forwarded.pathAndQuery()).isEqualTo("/V1/erp/stock/ENVOY-" + envoy.hashCode() + "?x=1");
			assertThat(forwarded.headers()).containsEntry("x-consumer-id", Long.toString(stockId))
				.containsEntry("x-consumer-username", "envoy stock")
				.containsEntry("x-keyway-caller-type", "integration")
				.containsEntry("x-keyway-store-code", "default")
				.containsEntry("x-forwarded-port", "10000")
				.containsEntry("x-forwarded-for", "203.0.113.7")
				.doesNotContainKeys("authorization", "cookie", "x-keyway-signature", "x-anonymous-consumer",
						"x-http-method-override", "x-forwarded-host", "x-forwarded-prefix", "x-authenticated-userid",
						"x-consumer-groups");
		}
	}

	@Test
	void envoyWhenGuestSpoofsIdentityThenTheClientsCopiesAreRemoved() throws Exception {
		EnvoyFront.Outcome outcome = front.handle("GET", ENVOY, "/rest/default/V1/erp/public/7",
				Map.of("X-Consumer-ID", "1", "X-Consumer-Username", "admin", "X-Keyway-Caller-Type", "admin",
						"X-Keyway-Admin-Username", "admin", "X-Consumer-Custom-ID", "1"), "203.0.113.7");

		assertThat(outcome).isInstanceOf(EnvoyFront.Forwarded.class);
		EnvoyFront.Forwarded forwarded = (EnvoyFront.Forwarded) outcome;
		assertThat(forwarded.pathAndQuery()).isEqualTo("/V1/erp/public/7");
		assertThat(forwarded.headers()).containsEntry("x-anonymous-consumer", "true")
			.containsEntry("x-keyway-caller-type", "guest")
			.doesNotContainKeys("x-consumer-id", "x-consumer-username", "x-keyway-admin-username", "x-consumer-custom-id");
	}

	@Test
	void envoyWhenReplayedOrUnsignedThenKeywaysRefusalReachesTheClient() throws Exception {
		String path = "/rest/V1/erp/stock/ENVOY-REPLAY";
		Map<String, String> headers = Map.of("Authorization", signed("GET", path));

		EnvoyFront.Outcome first = front.handle("GET", ENVOY, path, headers, "203.0.113.7");
		EnvoyFront.Outcome replay = front.handle("GET", ENVOY, path, headers, "203.0.113.7");
		EnvoyFront.Outcome unsigned = front.handle("GET", ENVOY, path, Map.of(), "203.0.113.7");

		assertThat(first).isInstanceOf(EnvoyFront.Forwarded.class);
		assertThat(replay).isInstanceOf(EnvoyFront.Answered.class);
		assertThat(((EnvoyFront.Answered) replay).status()).isEqualTo(401);
		assertThat(((EnvoyFront.Answered) replay).body()).contains("\"message\"");
		assertThat(((EnvoyFront.Answered) unsigned).status()).isEqualTo(401);
		assertThat(((EnvoyFront.Answered) unsigned).body()).contains("The consumer isn't authorized to access %resources.");
	}

	@Test
	void envoyWhenSignedFormBodyThenRefusedSayingWhy() throws Exception {
		String path = "/rest/V1/erp/stock";

		EnvoyFront.Outcome outcome = front.handle("POST", ENVOY, path, Map.of("Authorization", signed("POST", path),
				"Content-Type", "application/x-www-form-urlencoded"), "203.0.113.7");

		assertThat(outcome).isInstanceOf(EnvoyFront.Answered.class);
		assertThat(((EnvoyFront.Answered) outcome).status()).isEqualTo(403);
		assertThat(((EnvoyFront.Answered) outcome).body()).contains("form");
	}

	@Test
	void envoyWhenPathOutsideTheDeclaredPrefixThen404WithoutAskingKeyway() throws Exception {
		int before = front.checks();

		for (String path : List.of("/rest/V1/store/storeConfigs", "/rest/V1/integration/admin/token", "/auth/envoy/rest/V1/erp/stock/A",
				"/rest/V1/erpx/stock/A", "/other")) {
			EnvoyFront.Outcome outcome = front.handle("GET", ENVOY, path, Map.of(), "203.0.113.7");

			assertThat(outcome).as(path).isEqualTo(new EnvoyFront.Answered(404, "", Map.of()));
		}
		assertThat(front.checks()).isEqualTo(before);
	}

	@Test
	void envoyWhenHeaderNameHasUnderscoreThenRejectedBeforeAnyCheck() throws Exception {
		int before = front.checks();

		EnvoyFront.Outcome outcome = front.handle("GET", ENVOY, "/rest/V1/erp/public/7", Map.of("X_Consumer_ID", "1"),
				"203.0.113.7");

		assertThat(outcome).isEqualTo(new EnvoyFront.Answered(400, "", Map.of()));
		assertThat(front.checks()).isEqualTo(before);
	}

	private static String signed(String method, String path) {
		return SignedRequests.sign(SignedRequests.sha256(stock.consumerKey(), stock.consumerSecret(), stock.accessToken(),
				stock.accessTokenSecret()), method, "http://" + ENVOY + path);
	}

	/** YAML as Envoy reads it (as JSON), into its bootstrap message: unknown fields, types and enum names refused. */
	static Bootstrap parse(String yaml) throws InvalidProtocolBufferException {
		Object tree = new Yaml().load(yaml);
		Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
		JsonFormat.parser().usingTypeRegistry(EXTENSIONS).merge(JsonMapper.builder().build().writeValueAsString(tree), bootstrap);
		return bootstrap.build();
	}

	/** The paths of every field set and every enum value used that Envoy's API marks deprecated. */
	static List<String> deprecated(Message message, String path) throws InvalidProtocolBufferException {
		List<String> found = new ArrayList<>();
		for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
			String at = path.isEmpty() ? field.getKey().getName() : path + "." + field.getKey().getName();
			if (field.getKey().getOptions().getDeprecated()) {
				found.add(at);
			}
			List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
			for (Object value : values) {
				if (value instanceof Message child && child.getDescriptorForType().equals(Any.getDescriptor())) {
					found.addAll(deprecated(unpack(child), at));
				}
				else if (value instanceof Message child) {
					found.addAll(deprecated(child, at));
				}
				else if (value instanceof EnumValueDescriptor constant && constant.getOptions().getDeprecated()) {
					found.add(at + "=" + constant.getName());
				}
			}
		}
		return found;
	}

	/** An {@code Any}'s content (a generated {@code Any}, or a dynamic one inside an unpacked extension). */
	private static Message unpack(Message any) throws InvalidProtocolBufferException {
		Any typed = (any instanceof Any generated) ? generated : Any.parseFrom(any.toByteString());
		return DynamicMessage.parseFrom(EXTENSIONS.getDescriptorForTypeUrl(typed.getTypeUrl()), typed.getValue());
	}

	/** The {@code envoy.yaml} block of docs/GATEWAY.md, as an operator copies it. */
	static String documentedConfig() {
		try {
			Matcher block = Pattern.compile("```yaml\n(static_resources:.*?)```", Pattern.DOTALL)
				.matcher(Files.readString(Path.of("docs/GATEWAY.md")));
			assertThat(block.find()).as("an envoy.yaml block in docs/GATEWAY.md").isTrue();
			String config = block.group(1);
			assertThat(block.find()).as("one envoy.yaml block in docs/GATEWAY.md").isFalse();
			return config;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
