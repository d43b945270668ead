package dev.keyway.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.HeadersWithUnderscoresAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.ListStringMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * A model of what Envoy does with one request under the documented {@code envoy.yaml}: the route
 * match, the {@code ext_authz} HTTP service's check (sent to a real Keyway over a socket, as Envoy
 * sends it) and what the approval does to the forwarded call. Built only from the file's values, so
 * that a value the document gets wrong shows in the tests; it is not Envoy (none runs here), and it
 * refuses any part of the file it does not model instead of guessing.
 *
 * <p>Envoy's behaviour modelled, from its v3 API documentation: a route's {@code safe_regex} must match
 * the whole path without the query; the check goes to {@code path_prefix} + the original path and query
 * with the original method, {@code Host}, {@code Authorization}, {@code Content-Length: 0} and the
 * headers {@code allowed_headers} matches; a 200 sets the answer's headers that
 * {@code allowed_upstream_headers} matches and removes those {@code x-envoy-auth-headers-to-remove}
 * names; a 5xx, a failed connection or a time-out is answered with {@code status_on_error} and no body;
 * any other status reaches the client with its body; the route's {@code request_headers_to_remove}
 * and {@code regex_rewrite} (which also sets {@code x-envoy-original-path}) apply when the call is
 * forwarded; {@code use_remote_address} makes {@code x-forwarded-proto} (and, with {@code append_x_forwarded_port}, {@code x-forwarded-port}: the
 * listener's port) Envoy's own and appends the client's address to {@code x-forwarded-for}.
 */
final class EnvoyFront {

	/** What the client gets back: an answer of Envoy's or Keyway's, or the call forwarded to a cluster. */
	sealed interface Outcome permits Answered, Forwarded {
	}

	/** Envoy answered the client itself (a direct response, a rejected header or Keyway's refusal). */
	record Answered(int status, String body, Map<String, String> headers) implements Outcome {
	}

	/** The call as it leaves Envoy for the cluster (header names lower case). */
	record Forwarded(String cluster, String method, String pathAndQuery, Map<String, String> headers)
			implements Outcome {
	}

	private final HttpConnectionManager manager;

	private final ExtAuthz check;

	private final int keywayPort;

	private final int listenerPort;

	private int checks;

	EnvoyFront(Bootstrap bootstrap, int keywayPort) throws InvalidProtocolBufferException {
		this.manager = bootstrap.getStaticResources()
			.getListeners(0)
			.getFilterChains(0)
			.getFilters(0)
			.getTypedConfig()
			.unpack(HttpConnectionManager.class);
		ExtAuthz found = null;
		for (HttpFilter filter : this.manager.getHttpFiltersList()) {
			if (filter.getTypedConfig().is(ExtAuthz.class)) {
				found = filter.getTypedConfig().unpack(ExtAuthz.class);
			}
		}
		if (found == null) {
			throw new IllegalArgumentException("no ext_authz filter in the HTTP connection manager");
		}
		this.check = found;
		this.keywayPort = keywayPort;
		this.listenerPort = bootstrap.getStaticResources().getListeners(0).getAddress().getSocketAddress().getPortValue();
	}

	HttpConnectionManager manager() {
		return this.manager;
	}

	ExtAuthz check() {
		return this.check;
	}

	/** How many checks this front sent to Keyway. */
	int checks() {
		return this.checks;
	}

	/** One client request: {@code headers} as the client sent them (any case), the client at {@code clientAddress}. */
	Outcome handle(String method, String host, String pathAndQuery, Map<String, String> headers, String clientAddress)
			throws IOException {
		Map<String, String> request = new LinkedHashMap<>();
		headers.forEach((name, value) -> request.put(name.toLowerCase(Locale.ROOT), value));
		if (this.manager.getCommonHttpProtocolOptions()
			.getHeadersWithUnderscoresAction() == HeadersWithUnderscoresAction.REJECT_REQUEST
				&& request.keySet().stream().anyMatch((name) -> name.contains("_"))) {
			return new Answered(400, "", Map.of());
		}
		if (this.manager.getUseRemoteAddress().getValue()) {
			// with no trusted hops (xff_num_trusted_hops 0) Envoy overwrites what the client sent
			request.put("x-forwarded-proto", "http");
			request.merge("x-forwarded-for", clientAddress, (old, added) -> old + ", " + added);
			if (this.manager.getAppendXForwardedPort()) {
				request.put("x-forwarded-port", Integer.toString(this.listenerPort));
			}
		}
		int query = pathAndQuery.indexOf('?');
		String path = (query < 0) ? pathAndQuery : pathAndQuery.substring(0, query);
		Route route = route(path);
		if (route == null) {
			return new Answered(404, "", Map.of());
		}
		if (!disabled(route)) {
			Answered answer;
			try {
				answer = askKeyway(method, host, pathAndQuery, request);
			}
			catch (IOException ex) {
				answer = new Answered(500, "", Map.of()); // unreachable or too slow: an error, as a 5xx is
			}
			if (answer.status() >= 500) {
				// Envoy's ext_authz HTTP client takes any 5xx for an error of the service, not a denial
				return new Answered(this.check.getStatusOnError().getCodeValue(), "", Map.of());
			}
			if (answer.status() != 200) {
				return answer;
			}
			answer.headers().forEach((name, value) -> {
				if (matches(this.check.getHttpService().getAuthorizationResponse().getAllowedUpstreamHeaders(), name)) {
					request.put(name, value);
				}
			});
			String removals = answer.headers().get("x-envoy-auth-headers-to-remove");
			if (removals != null) {
				for (String name : removals.split(",")) {
					request.remove(name.strip().toLowerCase(Locale.ROOT));
				}
			}
		}
		if (route.hasDirectResponse()) {
			return new Answered(route.getDirectResponse().getStatus(), "", Map.of());
		}
		route.getRequestHeadersToRemoveList().forEach((name) -> request.remove(name.toLowerCase(Locale.ROOT)));
		String forwardedPath = path;
		if (route.getRoute().hasRegexRewrite()) {
			forwardedPath = Pattern.compile(route.getRoute().getRegexRewrite().getPattern().getRegex())
				.matcher(path)
				.replaceAll(route.getRoute().getRegexRewrite().getSubstitution().replaceAll("\\\\(\\d)", "\\$$1"));
			request.put("x-envoy-original-path", pathAndQuery); // the router's, over any client copy
		}
		else if (!route.getRoute().getPrefixRewrite().isEmpty() || route.getRoute().hasPathRewritePolicy()) {
			throw new IllegalArgumentException("rewrite not modelled: " + route.getRoute());
		}
		return new Forwarded(route.getRoute().getCluster(), method,
				forwardedPath + ((query < 0) ? "" : pathAndQuery.substring(query)), request);
	}

	private Route route(String path) {
		for (Route route : this.manager.getRouteConfig().getVirtualHosts(0).getRoutesList()) {
			var match = route.getMatch();
			boolean matched = switch (match.getPathSpecifierCase()) {
				// RE2's full match; the document's expressions mean the same in java.util.regex
				case SAFE_REGEX -> Pattern.compile(match.getSafeRegex().getRegex()).matcher(path).matches();
				case PREFIX -> path.startsWith(match.getPrefix());
				case PATH -> path.equals(match.getPath());
				default -> throw new IllegalArgumentException("route match not modelled: " + match);
			};
			if (matched) {
				return route;
			}
		}
		return null;
	}

	private static boolean disabled(Route route) throws InvalidProtocolBufferException {
		Any perRoute = route.getTypedPerFilterConfigMap().get("envoy.filters.http.ext_authz");
		return perRoute != null && perRoute.unpack(ExtAuthzPerRoute.class).getDisabled();
	}

	/** The check request, as Envoy's HTTP service sends it, on a connection of its own. */
	private Answered askKeyway(String method, String host, String pathAndQuery, Map<String, String> request)
			throws IOException {
		this.checks++;
		StringBuilder check = new StringBuilder(method).append(' ')
			.append(this.check.getHttpService().getPathPrefix())
			.append(pathAndQuery)
			.append(" HTTP/1.1\r\nhost: ")
			.append(host)
			.append("\r\ncontent-length: 0\r\nconnection: close\r\n");
		request.forEach((name, value) -> {
			if (name.equals("authorization") || matches(this.check.getAllowedHeaders(), name)) {
				check.append(name).append(": ").append(value).append("\r\n");
			}
		});
		try (Socket socket = new Socket("127.0.0.1", this.keywayPort)) {
			socket.setSoTimeout((int) this.check.getHttpService().getServerUri().getTimeout().getSeconds() * 1000 + 4000);
			OutputStream out = socket.getOutputStream();
			out.write(check.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return parse(socket.getInputStream());
		}
	}

	private static Answered parse(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		String text = all.toString(StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		String[] lines = text.substring(0, end).split("\r\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
		}
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		return new Answered(Integer.parseInt(lines[0].split(" ")[1]), body, headers);
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int line = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, line).split(";")[0].strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, line + 2, line + 2 + size);
			at = line + 2 + size + 2;
		}
	}

	/** Envoy's {@code ListStringMatcher} on a lower-case header name (the kinds the document uses). */
	static boolean matches(ListStringMatcher list, String name) {
		List<Boolean> results = new ArrayList<>();
		for (StringMatcher matcher : list.getPatternsList()) {
			String value = matcher.getIgnoreCase() ? name.toLowerCase(Locale.ROOT) : name;
			results.add(switch (matcher.getMatchPatternCase()) {
				case EXACT -> value.equals(matcher.getExact());
				case PREFIX -> value.startsWith(matcher.getPrefix());
				case SUFFIX -> value.endsWith(matcher.getSuffix());
				case CONTAINS -> value.contains(matcher.getContains());
				default -> throw new IllegalArgumentException("string matcher not modelled: " + matcher);
			});
		}
		return results.contains(true);
	}

}
