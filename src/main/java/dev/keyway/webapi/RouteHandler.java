package dev.keyway.webapi;

/** Serves one route: returns the response body (serialized as JSON or XML), or throws {@link ApiException}. */
@FunctionalInterface
public interface RouteHandler {

	Object handle(ApiRequest request) throws Exception;

}
