package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import dev.keyway.acl.Grant;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Web API reference, generated from the route table (so it cannot drift from what is served):
 * every route with its method, path, path parameters, the ACL resources it requires, whether the
 * guest switch opens it, and the ways to authenticate. springdoc serves it at {@code /v3/api-docs}
 * with Swagger UI; the token endpoints come from their controller.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

	static final String OAUTH = "oauth1";

	static final String BEARER = "bearer";

	@Bean
	OpenApiCustomizer routeTableDocument(RouteTable routes) {
		return (openApi) -> describe(openApi, routes);
	}

	static void describe(OpenAPI openApi, RouteTable routes) {
		openApi.info(new Info().title("Keyway Web API")
			.version("V1")
			.description("Magento 2 compatible Web API. Every route may also be called as /rest/{store code}/V1/... "
					+ "(store codes: default, fr) and, except GET, /rest/all/V1/.... Errors are Magento's JSON ({\"message\", \"parameters\", "
					+ "\"errors\"}); send Accept: application/xml for XML."));
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		components.addSecuritySchemes(OAUTH, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
			.in(SecurityScheme.In.HEADER)
			.name("Authorization")
			.description("OAuth 1.0a (RFC 5849), HMAC-SHA256 or HMAC-SHA1: Authorization: OAuth oauth_consumer_key=..., "
					+ "oauth_token=<access token>, oauth_signature_method, oauth_timestamp, oauth_nonce, oauth_signature"));
		components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.description("An admin token from POST /rest/V1/integration/admin/token, or an access token when "
					+ "'Allow OAuth Access Tokens to be used as standalone Bearer tokens' is Yes"));
		openApi.components(components);
		for (Route route : routes.routes()) {
			String path = "/rest" + toOpenApiPath(route.path());
			PathItem item = openApi.getPaths() != null && openApi.getPaths().get(path) != null ? openApi.getPaths().get(path)
					: new PathItem();
			item.operation(PathItem.HttpMethod.valueOf(route.method()), operation(route));
			openApi.path(path, item);
		}
	}

	private static Operation operation(Route route) {
		Operation operation = new Operation().summary(route.summary())
			.operationId(route.method().toLowerCase() + route.path().text().replaceAll("[^A-Za-z0-9]+", "_"))
			.addTagsItem(tag(route.path()));
		boolean anonymous = route.resources().equals(List.of(Grant.ANONYMOUS));
		String description = anonymous ? "Open to everyone." : "Requires the ACL resources: "
				+ String.join(", ", route.resources()) + ".";
		if (route.guestReadable()) {
			description += " Open to guests when 'Allow Anonymous Guest Access' is Yes.";
		}
		operation.description(description);
		if (!anonymous) {
			operation.addSecurityItem(new SecurityRequirement().addList(OAUTH));
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
		}
		for (String variable : route.path().variables()) {
			operation.addParametersItem(new Parameter().in("path").name(variable).required(true).schema(new StringSchema()));
		}
		if ("GET".equals(route.method()) && route.path().variables().isEmpty()) {
			operation.addParametersItem(new Parameter().in("query")
				.name("searchCriteria")
				.required(false)
				.description("Magento search criteria, e.g. searchCriteria[filter_groups][0][filters][0][field]=name&"
						+ "searchCriteria[filter_groups][0][filters][0][value]=%25bag%25&"
						+ "searchCriteria[filter_groups][0][filters][0][condition_type]=like&searchCriteria[pageSize]=20")
				.schema(new ObjectSchema()));
		}
		if ("POST".equals(route.method()) || "PUT".equals(route.method())) {
			operation.requestBody(new RequestBody().content(new Content().addMediaType("application/json",
					new MediaType().schema(new ObjectSchema()))));
		}
		ApiResponses responses = new ApiResponses().addApiResponse(Integer.toString(route.successStatus()),
				new ApiResponse().description("Success"));
		for (Map.Entry<String, String> error : ERRORS.entrySet()) {
			responses.addApiResponse(error.getKey(), new ApiResponse().description(error.getValue()));
		}
		return operation.responses(responses);
	}

	private static final Map<String, String> ERRORS = Map.of("400", "Input error", "401",
			"Authentication failed, or the consumer isn't authorized to access the route's resources", "404",
			"No such entity, or no such route", "500", "Internal Error (Report ID in the message)", "503",
			"The database cannot be reached; retry");

	static String toOpenApiPath(PathTemplate template) {
		List<String> segments = new ArrayList<>();
		for (String segment : template.segments()) {
			segments.add(segment.startsWith(":") ? "{" + segment.substring(1) + "}" : segment);
		}
		return "/" + String.join("/", segments);
	}

	private static String tag(PathTemplate template) {
		return (template.segments().size() > 1) ? template.segments().get(1) : "V1";
	}

}
