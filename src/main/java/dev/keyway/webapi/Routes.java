package dev.keyway.webapi;

import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.oauth.RefusalObserver;

import tools.jackson.databind.json.JsonMapper;

import dev.keyway.settings.RuntimeSettings;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the pipeline: the route table from every module's {@link RouteContributor} (the whole
 * table is listed by the OpenAPI document and checked by {@code RoutesTests}), and the servlet on
 * {@code /rest/*} with every module's {@link ErrorTranslator} and {@link AuthorizationRefusals}.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

	@Bean
	RouteTable routeTable(List<RouteContributor> contributors) {
		RouteTable.Builder builder = new RouteTable.Builder();
		contributors.forEach((contributor) -> contributor.contribute(builder));
		return builder.build();
	}

	@Bean
	CallAuthorizer callAuthorizer(RouteTable routes, StoreCodes storeCodes, CallerResolver resolver,
			RuntimeSettings settings, ResponseWriter writer, WebApiProperties properties,
			List<AuthorizationRefusals> refusals, List<ErrorTranslator<?>> translators,
			List<RefusalObserver> observers, List<CallUsage> usages) {
		return new CallAuthorizer(routes, storeCodes, resolver, settings, writer, properties, refusals, translators,
				observers, usages);
	}

	@Bean
	ServletRegistrationBean<WebApiServlet> webApiServlet(CallAuthorizer authorizer, ResponseWriter writer,
			JsonMapper json, RefusalDelay refusalDelay) {
		ServletRegistrationBean<WebApiServlet> registration = new ServletRegistrationBean<>(
				new WebApiServlet(authorizer, writer, json, refusalDelay), "/rest/*");
		registration.setName("webApi");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** Closed with the context, after the web server stopped: the waits already scheduled still end. */
	/** Spring Security's chain (Tomcat's port) and the listener's token door answer a firewall refusal at /oauth so. */
	@Bean
	TokenDoorRefusal tokenDoorRefusal() {
		return new TokenDoorRefusal();
	}

	@Bean
	RefusalDelay refusalDelay(WebApiProperties properties) {
		return new RefusalDelay(properties.refusalDelay());
	}

	@Bean
	CallMetrics callMetrics(RouteTable routes, MeterRegistry registry) {
		return new CallMetrics(routes, registry);
	}

	/** The {@link FrontDoor} before the Web API servlet and every other {@link ApiEndpoint}. */
	@Bean
	FrontDoors frontDoors(ListableBeanFactory beans, CallMetrics metrics) {
		return new FrontDoors(beans, metrics);
	}

	/** Counts the token endpoints' calls (issue 16.4; the Web API's are counted by its front door). */
	@Bean
	FilterRegistrationBean<Filter> tokenEndpointMetrics(CallMetrics metrics) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
				(request, response, chain) -> metrics.timed((HttpServletRequest) request, (HttpServletResponse) response, chain));
		CallMetrics.TOKEN_PATHS.forEach(registration::addUrlPatterns);
		registration.setName("keywayCallMetrics");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
