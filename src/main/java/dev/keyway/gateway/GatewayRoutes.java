package dev.keyway.gateway;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.acl.AclExtension;
import dev.keyway.acl.AclResource;
import dev.keyway.acl.Grant;
import dev.keyway.webapi.ApiRequest;
import dev.keyway.webapi.EventLoopCall;
import dev.keyway.webapi.RouteContributor;
import dev.keyway.webapi.RouteHandler;
import dev.keyway.webapi.RouteTable;
import dev.keyway.webapi.StreamedAnswer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The gateway file's declarations, plugged into Keyway at start-up: its resources into the ACL tree
 * ({@link AclExtension}), its routes into the Web API's route table ({@link RouteContributor}), each
 * with a handler that forwards the authorized call to its upstream ({@link ReverseProxy}). A path
 * under an upstream's routes that matches none of them is the pipeline's 404: nothing is forwarded
 * that the operator did not declare.
 */
@Component
class GatewayRoutes implements AclExtension, RouteContributor, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);

	private static final Pattern VARIABLE = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

	private final GatewayFile.Declarations declarations;

	private final List<ReverseProxy> proxies = new ArrayList<>();

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

	/** The handler of each declared route, to tell gateway routes from built-in ones in the table. */
	private final Map<RouteHandler, UpstreamRoute> handlers = new IdentityHashMap<>();

	private final Clock clock;

	private final MeterRegistry registry;

	GatewayRoutes(GatewayProperties properties, MeterRegistry registry) {
		this.registry = registry;
		this.declarations = (properties.file() != null) ? new GatewayFile(System::getenv).read(properties.file())
				: GatewayFile.Declarations.NONE;
		this.clock = Clock.systemUTC();
		if (properties.file() != null) {
			log.info("Gateway file {}: {} ACL resources, {} upstreams", properties.file(),
					this.declarations.resources().size(), this.declarations.upstreams().size());
		}
	}

	List<Upstream> upstreams() {
		return this.declarations.upstreams();
	}

	/** The declared route behind a handler of the route table, or null for a built-in route. */
	UpstreamRoute declared(RouteHandler handler) {
		return this.handlers.get(handler);
	}

	@Override
	public List<AclResource> resources() {
		return this.declarations.resources();
	}

	@Override
	public void contribute(RouteTable.Builder routes) {
		for (Upstream upstream : this.declarations.upstreams()) {
			ReverseProxy proxy = new ReverseProxy(upstream, this.clock, this.registry);
			this.proxies.add(proxy);
			for (UpstreamRoute route : upstream.routes()) {
				RouteHandler handler = (call) -> new Forwarded(proxy, upstream, route, call);
				this.handlers.put(handler, route);
				List<String> resources = route.resources().equals(List.of(Grant.ANONYMOUS)) ? RouteTable.ANONYMOUS
						: route.resources();
				String summary = "Forwarded to the upstream \"" + upstream.name() + "\" (gateway file)";
				String path = route.path().text();
				if (!METHODS.contains(route.method())) {
					throw new IllegalStateException(route.origin() + ": unsupported method " + route.method());
				}
				routes.forwarded(route.method(), path, resources, handler, summary, upstream.encodedSlashes(),
						upstream.storeCodes());
			}
		}
	}

	/**
	 * The raw path and query the upstream receives: the route's {@code upstream_path} with the path
	 * variables and the store code, or the path after {@code /rest} as sent (without the store code unless the upstream
	 * asks for it), then the query as sent.
	 */
	static String upstreamPath(Upstream upstream, UpstreamRoute route, ApiRequest call, HttpServletRequest request) {
		String path;
		if (route.upstreamPath() != null) {
			Matcher variable = VARIABLE.matcher(route.upstreamPath());
			StringBuilder out = new StringBuilder();
			while (variable.find()) {
				// :store_code is the call's (a Magento writes /rest/all/... and /rest/fr/... in other scopes than
				// /rest/V1/...: an operator trial found them all landing in the default store view)
				String value = (variable.group().equals(GatewayFile.STORE_CODE)) ? call.storeCode()
						: call.variable(variable.group(1));
				variable.appendReplacement(out, Matcher.quoteReplacement(
						UriUtils.encodePathSegment(value, java.nio.charset.StandardCharsets.UTF_8)));
			}
			variable.appendTail(out);
			path = out.toString();
		}
		else {
			String uri = request.getRequestURI();
			path = uri.substring(request.getContextPath().length() + "/rest".length());
			// the router's decision, not the raw text: "/%561/erp/..." is "/V1/erp/..." without a store code,
			// and stripping its first segment sent the upstream "/erp/...", a path the gateway file does not declare
			if (call.storeCodeInPath() && !upstream.forwardStoreCode()) {
				path = path.substring(path.indexOf('/', 1));
			}
		}
		String query = call.rawQuery();
		return (query != null) ? path + "?" + query : path;
	}

	@Override
	public void destroy() throws IOException {
		for (ReverseProxy proxy : this.proxies) {
			proxy.close();
		}
	}

	/** A call's forward: on a worker (blocking), or without blocking on the event loop the call runs on. */
	private record Forwarded(ReverseProxy proxy, Upstream upstream, UpstreamRoute route, ApiRequest call)
			implements StreamedAnswer {

		@Override
		public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
			this.proxy.forward(this.call, upstreamPath(this.upstream, this.route, this.call, request), request, response);
		}

		@Override
		public boolean answerOnEventLoop(EventLoopCall loop) {
			return this.proxy.forwardOnLoop(this.call,
					upstreamPath(this.upstream, this.route, this.call, loop.request()), loop);
		}

	}

}
