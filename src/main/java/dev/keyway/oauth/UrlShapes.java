package dev.keyway.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bad signature over the URL the client called written another way (RFC 5849 3.4.1.2): a trailing slash
 * added or left out, Magento's store code added or left out ({@code /rest/default/V1/…} against
 * {@code /rest/V1/…}: the same route here), the port left out or the scheme's default port written. A
 * developer trial saw each of these get the general hint. Each is named only when the signature verifies
 * over that URL with the request's key, so a wrong secret is never sent hunting a URL mistake; the URLs
 * are built and their HMACs computed only when a refusal's hint is read.
 */
final class UrlShapes {

	/** {@code /rest/V1/…} or {@code /rest/<store code>/V1/…}: group 1 the store code, or null. */
	private static final Pattern REST = Pattern.compile("^(/rest)(?:/([A-Za-z0-9_]+))?(/V1/.*)$");

	private static final Pattern AUTHORITY = Pattern.compile("^(https?)://([^/]*?)(?::(\\d+))?(/.*)$");

	/** A URL the client may have signed, and what it changed, as the hint begins to tell it. */
	private record Shape(String uri, String what) {
	}

	private UrlShapes() {
	}

	/** A signed URL shape that explains the signature, as a hint naming the URL; else null. */
	static String forSignature(OAuthRequest request, ProtocolChecks.Checked checked, String tokenSecret, String signature) {
		if (signature == null || signature.isEmpty()) {
			return null;
		}
		String seen = request.baseUri();
		for (Shape shape : shapes(seen)) {
			if (checked.method().verify(request.baseString(shape.uri()), checked.consumer().secret(), tokenSecret, signature)) {
				// what happened first: a stored hint is cut at 1024 characters, and the URLs may be long (a review)
				return shape.what() + ": the signature verifies for " + shape.uri() + " but not for the URL this server sees, "
						+ seen + ". Sign the URL the request is sent to, as it is sent.";
			}
		}
		return null;
	}

	/** Each other way of writing the URL a client may have signed, with what it changed. */
	private static List<Shape> shapes(String seen) {
		List<Shape> shapes = new ArrayList<>(6);
		Matcher url = AUTHORITY.matcher(seen);
		if (!url.matches()) {
			return shapes;
		}
		String scheme = url.group(1);
		String host = url.group(2);
		String port = url.group(3);
		String path = url.group(4);
		String origin = scheme + "://" + host + ((port != null) ? ":" + port : "");
		if (path.length() > 1 && path.endsWith("/")) {
			shapes.add(new Shape(origin + path.substring(0, path.length() - 1),
					"The client signed the path without its trailing slash"));
		}
		else if (!path.endsWith("/")) {
			shapes.add(new Shape(origin + path + "/", "The client signed the path with a trailing slash"));
		}
		Matcher rest = REST.matcher(path);
		if (rest.matches()) {
			if (rest.group(2) != null) {
				shapes.add(new Shape(origin + rest.group(1) + rest.group(3),
						"The client signed the path without the store code " + rest.group(2) + " that it sends"));
			}
			else {
				for (String code : new String[] { "default", "all" }) {
					shapes.add(new Shape(origin + rest.group(1) + "/" + code + rest.group(3),
							"The client signed the path with the store code " + code + ", which it does not send"));
				}
			}
		}
		if (port != null) {
			shapes.add(new Shape(scheme + "://" + host + path,
					"The client signed the URL without the port :" + port + " that it calls"));
		}
		else {
			String written = "https".equals(scheme) ? "443" : "80";
			shapes.add(new Shape(origin + ":" + written + path, "The client wrote the default port :" + written
					+ " into the signed URL, which RFC 5849 3.4.1.2 leaves out"));
		}
		return shapes;
	}

}
