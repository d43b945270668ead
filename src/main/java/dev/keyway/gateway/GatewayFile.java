package dev.keyway.gateway;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.keyway.acl.AclResource;
import dev.keyway.acl.Grant;
import dev.keyway.oauth.EchoedValue;
import dev.keyway.oauth.OAuthSigner;
import dev.keyway.webapi.PathTemplate;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads the operator's gateway file (issue 15.1, docs/GATEWAY.md): {@code resources} added to the ACL
 * tree and {@code upstreams} with their routes. Every refusal names the file, the entry and the
 * broken rule; the rules that need the rest of Keyway (a parent or a resource in the ACL tree, an
 * overlap with a built-in route) are checked once the tree and the route table exist
 * ({@link GatewayChecks}, {@code AclTree}).
 */
final class GatewayFile {

	/** What the file declares. */
	record Declarations(List<AclResource> resources, List<Upstream> upstreams) {

		static final Declarations NONE = new Declarations(List.of(), List.of());

	}

	private static final Set<String> ROOT_KEYS = Set.of("resources", "upstreams");

	private static final Set<String> RESOURCE_KEYS = Set.of("id", "title", "parent");

	private static final Set<String> UPSTREAM_KEYS = Set.of("name", "url", "prefix", "connect_timeout",
			"read_timeout", "secret", "forward_store_code", "store_codes", "encoded_slashes", "routes", "kind", "auth", "ca_file", "consumer_key", "consumer_key_env",
			"consumer_secret", "consumer_secret_env", "access_token", "access_token_env", "access_token_secret",
			"access_token_secret_env");

	/** The keys only an upstream of {@code kind: magento} has. */
	private static final List<String> MAGENTO_KEYS = List.of("auth", "consumer_key", "consumer_key_env",
			"consumer_secret", "consumer_secret_env", "access_token", "access_token_env", "access_token_secret",
			"access_token_secret_env");

	private static final Set<String> ROUTE_KEYS = Set.of("method", "path", "resources", "upstream_path");

	private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

	private static final Pattern VARIABLE = Pattern.compile(":[A-Za-z_][A-Za-z0-9_]*");

	/** In {@code upstream_path}: the call's store code ({@code default} for {@code /rest/V1/...}), docs/GATEWAY.md § 1. */
	static final String STORE_CODE = ":store_code";

	/**
	 * A URL's scheme and {@code //}, then its user info up to the authority's last {@code @} (RFC 3986 3.2.1: user
	 * info holds no raw {@code @}, so one before the last is the password's, and what makes the URL hostless).
	 */
	private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

	private static final Pattern ENVIRONMENT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private static final int MIN_SECRET_LENGTH = 32;

	private final Function<String, String> environment;

	GatewayFile(Function<String, String> environment) {
		this.environment = environment;
	}

	Declarations read(Path file) {
		dev.keyway.oauth.ConfiguredFile.problem(file).ifPresent((problem) -> {
			throw new GatewayFileRefused("Cannot read the gateway file " + file + " (keyway.gateway.file): " + problem);
		});
		Object document;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			// a key given twice is refused: SnakeYAML would keep the last one silently (a route's second
			// "resources: anonymous" opened it to everyone, a second "upstreams:" dropped the first list)
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			document = new Yaml(new SafeConstructor(options)).load(reader);
		}
		catch (IOException ex) {
			throw new GatewayFileRefused("Cannot read the gateway file " + file + " (keyway.gateway.file): "
					+ dev.keyway.oauth.ConfiguredFile.reason(ex), ex);
		}
		catch (YAMLException ex) {
			if (ex.getCause() instanceof java.nio.charset.CharacterCodingException) {
				throw new GatewayFileRefused("The gateway file " + file + " is not UTF-8 text: save it as UTF-8", ex);
			}
			throw new GatewayFileRefused("The gateway file " + file + " is not valid YAML: " + ex.getMessage(), ex);
		}
		return parse(document, file.toString());
	}

	Declarations parse(Object document, String source) {
		if (document == null) {
			return Declarations.NONE;
		}
		if (!(document instanceof Map<?, ?> root)) {
			throw new GatewayFileRefused(source + " must be a mapping with \"resources\" and \"upstreams\"");
		}
		keys(root, ROOT_KEYS, source);
		List<AclResource> resources = new ArrayList<>();
		int index = 0;
		for (Map<?, ?> entry : mappings(root.get("resources"), source, "resources")) {
			String where = source + ", resources[" + index++ + "]";
			keys(entry, RESOURCE_KEYS, where);
			String id = required(entry, "id", where);
			resources.add(new AclResource(id, required(entry, "title", where), required(entry, "parent", where),
					where + " (" + shown(id) + ")"));
		}
		List<Upstream> upstreams = new ArrayList<>();
		Set<String> names = new HashSet<>();
		index = 0;
		for (Map<?, ?> entry : mappings(root.get("upstreams"), source, "upstreams")) {
			String where = source + ", upstreams[" + index++ + "]";
			Upstream upstream = upstream(entry, where);
			if (!names.add(upstream.name().toLowerCase(java.util.Locale.ROOT))) {
				throw new GatewayFileRefused(upstream.origin() + ": the upstream name \"" + upstream.name()
						+ "\" is declared twice (names are unique, regardless of case)");
			}
			upstreams.add(upstream);
		}
		checkOverlaps(upstreams);
		return new Declarations(List.copyOf(resources), List.copyOf(upstreams));
	}

	private Upstream upstream(Map<?, ?> entry, String at) {
		keys(entry, UPSTREAM_KEYS, at);
		String name = required(entry, "name", at);
		String where = at + " (" + shown(name) + ")";
		if (!NAME.matcher(name).matches()) {
			throw new GatewayFileRefused(where + ": an upstream name is 1 to 64 letters, digits, '.', '_' or '-'");
		}
		URI url = url(required(entry, "url", where), where);
		String prefix = optional(entry, "prefix");
		if (prefix != null && !(prefix.startsWith("/V1/") && prefix.length() > 4)) {
			throw new GatewayFileRefused(where + ": \"prefix\" must start with /V1/ and name something after it; got "
					+ shown(prefix));
		}
		if (prefix != null && (prefix.endsWith("/") || prefix.contains("//"))) {
			// an operator trial: a bad prefix was reported against every route's path, in a value never written
			throw new GatewayFileRefused(where + ": \"prefix\" must not hold an empty segment (a trailing slash or "
					+ "//); got " + shown(prefix));
		}
		if (prefix != null) {
			pathCharacters(prefix, "prefix", where);
		}
		Duration connect = duration(entry, "connect_timeout", CONNECT_TIMEOUT, where);
		Duration read = duration(entry, "read_timeout", READ_TIMEOUT, where);
		byte[] secret = secret(optional(entry, "secret"), where);
		boolean forward = flag(entry, "forward_store_code", where);
		boolean encodedSlashes = flag(entry, "encoded_slashes", where);
		List<UpstreamRoute> routes = new ArrayList<>();
		int index = 0;
		for (Map<?, ?> route : mappings(entry.get("routes"), where, "routes")) {
			routes.add(route(route, prefix, where + ", routes[" + index++ + "]"));
		}
		if (routes.isEmpty()) {
			throw new GatewayFileRefused(where + ": an upstream needs at least one route under \"routes\"");
		}
		MagentoAccess magento = magento(entry, where);
		Set<String> storeCodes = storeCodes(entry.get("store_codes"), where);
		if (magento != null && !storeCodes.isEmpty()) {
			for (UpstreamRoute route : routes) {
				boolean kept = (route.upstreamPath() != null) ? route.upstreamPath().contains(STORE_CODE) : forward;
				if (!kept) {
					// a review: /rest/de/V1/... passed Keyway and reached the Magento as /V1/..., its default store view
					throw new GatewayFileRefused(route.origin() + ": the upstream's store_codes reach a Magento only in the "
							+ "path; set forward_store_code: true, or name " + STORE_CODE + " in this route's upstream_path");
				}
			}
		}
		return new Upstream(name, url, connect, read, secret, forward, routes, where, magento, prefix,
				certificates(optional(entry, "ca_file"), url, where), encodedSlashes, storeCodes);
	}

	/**
	 * {@code store_codes}: store codes this upstream's routes take in {@code /rest/<code>/V1/...} besides the store views
	 * of Keyway's own directory (a Magento's {@code de}, {@code us_en}: an operator trial found them all 404). Magento's
	 * rule for a code: a lower-case letter, then lower-case letters, digits and {@code _}, at most 32 characters.
	 */
	private static Set<String> storeCodes(Object value, String where) {
		if (value == null) {
			return Set.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new GatewayFileRefused(where + ": \"store_codes\" must be a list of store codes; got "
					+ dev.keyway.webapi.Shown.shown(String.valueOf(value)));
		}
		Set<String> codes = new LinkedHashSet<>();
		for (Object code : list) {
			String text = String.valueOf(code);
			if (code instanceof Boolean) {
				// YAML reads a bare no, yes, on, off as true or false (a review: Norway's "no")
				throw new GatewayFileRefused(where + ": YAML read a store code as " + text + "; write codes such as no, "
						+ "yes, on and off in quotes (\"no\")");
			}
			if (!(code instanceof String) || !STORE_CODE_RULE.matcher(text).matches()) {
				throw new GatewayFileRefused(where + ": a store code must be a lower-case letter, then lower-case letters, "
						+ "digits and '_', at most 32 characters (Magento's rule); got " + dev.keyway.webapi.Shown.shown(text));
			}
			codes.add(text);
		}
		return codes;
	}

	private static final Pattern STORE_CODE_RULE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

	/** An optional {@code true}/{@code false} key; absent is false. */
	private static boolean flag(Map<?, ?> entry, String key, String where) {
		Object value = entry.get(key);
		if (value != null && !(value instanceof Boolean)) {
			throw new GatewayFileRefused(where + ": \"" + key + "\" must be true or false; got "
					+ dev.keyway.webapi.Shown.shown(String.valueOf(value)));
		}
		return Boolean.TRUE.equals(value);
	}

	/**
	 * {@code ca_file}: a PEM file of the certificates an {@code https} upstream's certificate must chain to (a private
	 * CA), instead of the JVM's trust store; read once at start-up.
	 */
	private static List<java.security.cert.X509Certificate> certificates(String file, URI url, String where) {
		if (file == null) {
			return List.of();
		}
		if (!"https".equalsIgnoreCase(url.getScheme())) {
			throw new GatewayFileRefused(where + ": \"ca_file\" needs an https url; got " + shown(url));
		}
		java.nio.file.Path path = java.nio.file.Path.of(file);
		if (!path.isAbsolute()) {
			throw new GatewayFileRefused(where + ": \"ca_file\" must be an absolute path; got "
					+ dev.keyway.webapi.Shown.shown(file));
		}
		String rule = where + ": \"ca_file\" must be a readable PEM file of certificates: " + EchoedValue.cut(file) + ": ";
		byte[] pem;
		try {
			pem = java.nio.file.Files.readAllBytes(path);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new GatewayFileRefused(rule + "no such file");
		}
		catch (java.io.IOException ex) {
			throw new GatewayFileRefused(rule + ex.getClass().getSimpleName() + " "
					+ dev.keyway.webapi.Shown.shown(String.valueOf(ex.getMessage())));
		}
		if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
			throw new GatewayFileRefused(rule + "no \"-----BEGIN CERTIFICATE-----\" in it");
		}
		try {
			List<java.security.cert.X509Certificate> certificates = new ArrayList<>();
			for (java.security.cert.Certificate certificate : java.security.cert.CertificateFactory.getInstance("X.509")
				.generateCertificates(new java.io.ByteArrayInputStream(pem))) {
				certificates.add((java.security.cert.X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				// never the JVM's trust store in its place: the operator meant only these
				throw new GatewayFileRefused(rule + "no certificate could be read from it");
			}
			return certificates;
		}
		catch (java.security.cert.CertificateException ex) {
			throw new GatewayFileRefused(rule + "a certificate cannot be read: "
					+ dev.keyway.webapi.Shown.shown(String.valueOf(ex.getMessage())));
		}
	}

	/** The credentials Keyway holds at an upstream of {@code kind: magento}; null for another kind. */
	private MagentoAccess magento(Map<?, ?> entry, String where) {
		String kind = optional(entry, "kind");
		if (kind == null || "http".equals(kind)) {
			for (String key : MAGENTO_KEYS) {
				if (entry.containsKey(key)) {
					throw new GatewayFileRefused(where + ": \"" + key + "\" belongs to an upstream of kind: magento; "
							+ "this one is of kind: http");
				}
			}
			return null;
		}
		if (!"magento".equals(kind)) {
			throw new GatewayFileRefused(where + ": \"kind\" must be http or magento; got " + shown(kind));
		}
		String auth = optional(entry, "auth");
		MagentoAccess.Auth mode;
		if (auth == null || "oauth".equals(auth)) {
			mode = MagentoAccess.Auth.OAUTH;
		}
		else if ("bearer".equals(auth)) {
			mode = MagentoAccess.Auth.BEARER;
		}
		else {
			throw new GatewayFileRefused(where + ": \"auth\" must be oauth or bearer; got " + shown(auth));
		}
		boolean oauth = mode == MagentoAccess.Auth.OAUTH;
		if (!oauth) {
			// a Bearer upstream sends the access token alone: secrets given beside it would lie unused in the file
			for (String key : List.of("consumer_key", "consumer_secret", "access_token_secret")) {
				if (entry.containsKey(key) || entry.containsKey(key + "_env")) {
					throw new GatewayFileRefused(where + ": \"" + key + "\" is for auth: oauth; auth: bearer sends the "
							+ "access token alone");
				}
			}
		}
		String token = credential(entry, "access_token", true, where);
		return new MagentoAccess(mode, new OAuthSigner.Credentials(credential(entry, "consumer_key", oauth, where),
				credential(entry, "consumer_secret", oauth, where), token,
				credential(entry, "access_token_secret", oauth, where)));
	}

	/**
	 * One credential of a Magento upstream: {@code <key>_env: NAME} (the value in an environment
	 * variable, so no secret is in the file), or {@code <key>} itself (a value or {@code ${NAME}}).
	 * A refusal names the key and the variable, never a value.
	 */
	private String credential(Map<?, ?> entry, String key, boolean required, String where) {
		String value = optional(entry, key);
		String variable = optional(entry, key + "_env");
		if (value != null && variable != null) {
			throw new GatewayFileRefused(where + ": give \"" + key + "\" or \"" + key + "_env\", not both");
		}
		if (value != null) {
			Matcher reference = ENVIRONMENT.matcher(value);
			if (reference.matches()) {
				variable = reference.group(1);
			}
		}
		if (variable != null) {
			value = this.environment.apply(variable);
			if (value == null) {
				throw new GatewayFileRefused(where + ": \"" + key + "\" names the environment variable "
						+ EchoedValue.cut(variable) + ", which is not set");
			}
			if (value.isBlank() && required) {
				// said as it is (an operator trial: "needs consumer_secret" for a file that named a variable)
				throw new GatewayFileRefused(where + ": \"" + key + "\" names the environment variable "
						+ EchoedValue.cut(variable) + ", which is empty");
			}
		}
		if (value == null || value.isBlank()) {
			if (required) {
				throw new GatewayFileRefused(where + ": an upstream of kind: magento needs \"" + key + "\" (or \""
						+ key + "_env\" naming an environment variable)");
			}
			return null;
		}
		return value;
	}

	private static UpstreamRoute route(Map<?, ?> entry, String prefix, String at) {
		keys(entry, ROUTE_KEYS, at);
		String method = required(entry, "method", at).toUpperCase(java.util.Locale.ROOT);
		String path = required(entry, "path", at);
		String where = at + " (" + EchoedValue.cut(visible(method + " " + path)) + ")";
		if (!METHODS.contains(method)) {
			throw new GatewayFileRefused(where + ": \"method\" must be one of " + new TreeSet<>(METHODS));
		}
		// the characters of the value as written (a relative path's indexes are the operator's, not the joined path's)
		pathCharacters(path, "path", where);
		if (prefix != null && !path.startsWith("/V1/")) {
			path = prefix + (path.startsWith("/") ? "" : "/") + path;
		}
		if (!path.startsWith("/V1/") || path.endsWith("/") || path.contains("//")) {
			throw new GatewayFileRefused(where + ": \"path\" must start with /V1/ (or be relative to the upstream's "
					+ "prefix), without an empty segment (a trailing slash or //); got " + shown(path));
		}
		if (prefix != null && !path.startsWith(prefix + "/")) {
			throw new GatewayFileRefused(where + ": the path " + shown(path) + " is not under the upstream's prefix "
					+ shown(prefix));
		}
		PathTemplate template = PathTemplate.of(path);
		Set<String> variables = new LinkedHashSet<>();
		for (String segment : template.segments()) {
			if (segment.startsWith(":") && (!VARIABLE.matcher(segment).matches() || !variables.add(segment))) {
				throw new GatewayFileRefused(where + ": the path variable " + shown(segment)
						+ " must be a unique name of letters, digits and '_'");
			}
			if (STORE_CODE.equals(segment)) {
				throw new GatewayFileRefused(where + ": the path variable " + STORE_CODE + " is the call's store code, "
						+ "which upstream_path may name; give the path's variable another name");
			}
		}
		variables.add(STORE_CODE);
		String upstreamPath = optional(entry, "upstream_path");
		if (upstreamPath != null) {
			if (!upstreamPath.startsWith("/")) {
				throw new GatewayFileRefused(where + ": \"upstream_path\" must start with /; got " + shown(upstreamPath));
			}
			upstreamPathCharacters(upstreamPath, where);
			Matcher used = VARIABLE.matcher(upstreamPath);
			while (used.find()) {
				if (!variables.contains(used.group())) {
					throw new GatewayFileRefused(where + ": \"upstream_path\" names the variable " + shown(used.group())
							+ ", which \"path\" does not have");
				}
			}
		}
		return new UpstreamRoute(method, template, resources(entry.get("resources"), where), upstreamPath, where);
	}

	/**
	 * A route's {@code path} holds what a request's path can match: the router compares its literal segments with
	 * the request's segments <em>decoded</em> ({@link PathTemplate#match}), so a character is written as it reads
	 * decoded ({@code /V1/erp/café} matches a request for {@code /rest/V1/erp/caf%C3%A9}, {@code a b} one for
	 * {@code a%20b}). Refused: '%' (an escape in the file would match only a request that escaped the percent sign
	 * itself, which the firewall refuses), '?' and '#' (they end a path), ';' and '\' and control characters (the
	 * firewall refuses every request path that holds them, raw or escaped), '*', '{' and '}' (no wildcards: a
	 * variable is {@code :name}), and dot segments (removed by clients before they send, RFC 3986 5.2.4). A
	 * review: the first version of this check also refused spaces, non-ASCII and {@code "<>^`|[]}, which match
	 * escaped requests, and would have stopped the start of a file that worked. Each refusal names the
	 * character, its index and the rule, as the file's other refusals do.
	 */
	private static void pathCharacters(String path, String key, String where) {
		String rule = where + ": \"" + key + "\" may not hold % ? # ; \\ * { } or a control character";
		for (int i = 0; i < path.length(); i = path.offsetByCodePoints(i, 1)) {
			int c = path.codePointAt(i);
			String why = switch (c) {
				case '%' -> " (it is compared with the request's path decoded: write a character as it reads, "
						+ "'a b' for a%20b)";
				case '?', '#' -> " (no query or fragment: the call's query is forwarded as sent)";
				case '*', '{', '}' -> " (a variable is written :name and stands for one segment; there are no wildcards)";
				case ';', '\\' -> " (the firewall refuses every request whose path holds it)";
				default -> (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) ? " (a control character)" : null;
			};
			if (why != null) {
				throw new GatewayFileRefused(rule + why + "; got " + character(c) + " at index " + i + " of "
						+ shown(visible(path)));
			}
		}
		dotSegments(path, key, where);
	}

	/**
	 * A route's {@code upstream_path} is sent to the upstream as written (its variables escaped), so it must be a
	 * path as it travels (RFC 3986 3.3): unreserved characters, sub-delimiters, ':', '@', '/' and whole {@code %XX}
	 * escapes; an invalid one made every call to the route fail at forward time instead of the start.
	 */
	private static void upstreamPathCharacters(String path, String where) {
		String rule = where + ": \"upstream_path\" may hold only letters, digits, '/', - . _ ~ ! $ & ' ( ) * + , ; = : @ "
				+ "and %XX escapes";
		for (int i = 0; i < path.length(); i = path.offsetByCodePoints(i, 1)) {
			int c = path.codePointAt(i);
			if (c == '%' && i + 2 < path.length() && ReverseProxy.hex(path.charAt(i + 1)) && ReverseProxy.hex(path.charAt(i + 2))) {
				i += 2;
				continue;
			}
			if (c == '/' || c == '*' || c == ';' || ROUTE_PATH_CHARACTERS.indexOf(c) >= 0 || asciiLetterOrDigit(c)) {
				continue;
			}
			String why = switch (c) {
				case '%' -> " ('%' starts an escape of two hex digits; a percent sign itself is %25)";
				case '?', '#' -> " (no query or fragment: the call's query is appended as sent)";
				default -> " (this character must be percent-escaped in a path)";
			};
			throw new GatewayFileRefused(rule + why + "; got " + character(c) + " at index " + i + " of "
					+ shown(visible(path)));
		}
		dotSegments(path, "upstream_path", where);
	}

	private static void dotSegments(String path, String key, String where) {
		for (String segment : path.split("/", -1)) {
			if (".".equals(segment) || "..".equals(segment)) {
				throw new GatewayFileRefused(where + ": \"" + key + "\" may not hold the segment \"" + segment
						+ "\" (clients and servers remove dot segments from a path, RFC 3986 5.2.4); got " + shown(path));
			}
		}
	}

	/** The punctuation a path as sent may hold besides ASCII letters and digits (RFC 3986 3.3, upstreamPathCharacters). */
	private static final String ROUTE_PATH_CHARACTERS = "-._~!$&'()+,=:@";

	private static boolean asciiLetterOrDigit(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	/** A refused character: itself in quotes when it is visible ASCII, else its code point ({@code U+0020}). */
	private static String character(int c) {
		return (c > 0x20 && c < 0x7f) ? "'" + (char) c + "'" : String.format(java.util.Locale.ROOT, "U+%04X", c);
	}

	/** The text with its control characters written as {@code \u000a}: a refusal names the route on one line. */
	private static String visible(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				if (out == null) {
					out = new StringBuilder(text.length() + 8).append(text, 0, i);
				}
				out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : text;
	}

	/** A list of ids, or {@code anonymous} (alone) for a route open to everyone. */
	private static List<String> resources(Object value, String where) {
		List<String> ids = new ArrayList<>();
		if (value instanceof String text) {
			ids.add(text);
		}
		else if (value instanceof List<?> list) {
			list.forEach((id) -> ids.add(String.valueOf(id)));
		}
		if (ids.isEmpty()) {
			throw new GatewayFileRefused(where + ": \"resources\" must list the ACL resources the route requires, "
					+ "or be \"anonymous\" for a route open to everyone");
		}
		if (ids.contains(Grant.ANONYMOUS) && ids.size() > 1) {
			throw new GatewayFileRefused(where + ": \"anonymous\" stands alone in \"resources\"; got "
					+ EchoedValue.cut(ids.toString()));
		}
		return ids;
	}

	private static URI url(String text, String where) {
		String rule = where + ": \"url\" must be an absolute http(s) URL with a host and no user, query or fragment, "
				+ "such as http://127.0.0.1:9000; got " + shown(withoutUserInfo(text));
		URI url;
		try {
			url = new URI(text);
		}
		catch (URISyntaxException ex) {
			// the rule and the value first: the parser's words alone ("Illegal character in scheme name")
			// did not say what the file should hold
			throw new GatewayFileRefused(rule + " (" + ex.getReason() + " at index " + ex.getIndex() + ")");
		}
		String scheme = url.getScheme();
		if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null
				|| url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
			throw new GatewayFileRefused(rule);
		}
		return url;
	}

	private byte[] secret(String value, String where) {
		if (value == null) {
			return null;
		}
		String secret = value;
		Matcher reference = ENVIRONMENT.matcher(value);
		if (reference.matches()) {
			secret = this.environment.apply(reference.group(1));
			if (secret == null) {
				throw new GatewayFileRefused(where + ": \"secret\" names the environment variable "
						+ EchoedValue.cut(reference.group(1)) + ", which is not set");
			}
		}
		if (secret.length() < MIN_SECRET_LENGTH) {
			// the value itself is never shown
			throw new GatewayFileRefused(where + ": \"secret\" must be at least " + MIN_SECRET_LENGTH
					+ " characters; it has " + secret.length());
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	private static Duration duration(Map<?, ?> entry, String key, Duration fallback, String where) {
		Object value = entry.get(key);
		if (value == null) {
			return fallback;
		}
		try {
			Duration duration = DurationStyle.detectAndParse(String.valueOf(value));
			if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(Duration.ofHours(1)) > 0) {
				throw new IllegalArgumentException("out of range");
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayFileRefused(where + ": \"" + key + "\" must be a duration from 1ms to 1h such as 2s "
					+ "or 500ms; got " + shown(value));
		}
	}

	/** Two routes of the file that a request could both match, unless one is strictly narrower. */
	private static void checkOverlaps(List<Upstream> upstreams) {
		List<UpstreamRoute> all = new ArrayList<>();
		upstreams.forEach((upstream) -> all.addAll(upstream.routes()));
		for (int i = 0; i < all.size(); i++) {
			for (int j = 0; j < i; j++) {
				UpstreamRoute later = all.get(i);
				UpstreamRoute earlier = all.get(j);
				if (later.overlaps(earlier.method(), earlier.path()) && !later.refines(earlier.path())
						&& !earlier.refines(later.path())) {
					throw new GatewayFileRefused(later.origin() + ": overlaps " + earlier.origin()
							+ " (one request path would match both; make one of them narrower or remove it)");
				}
			}
		}
	}

	private static List<Map<?, ?>> mappings(Object value, String where, String key) {
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list)) {
			throw new GatewayFileRefused(where + ": \"" + key + "\" must be a list");
		}
		List<Map<?, ?>> maps = new ArrayList<>();
		int index = 0;
		for (Object item : list) {
			if (!(item instanceof Map<?, ?> map)) {
				throw new GatewayFileRefused(where + ", " + key + "[" + index + "] must be a mapping");
			}
			maps.add(map);
			index++;
		}
		return maps;
	}

	private static void keys(Map<?, ?> map, Set<String> known, String where) {
		for (Object key : map.keySet()) {
			if (!known.contains(String.valueOf(key))) {
				throw new GatewayFileRefused(where + " has the unknown key " + shown(key) + "; known keys: "
						+ String.join(", ", new TreeSet<>(known)));
			}
		}
	}

	private static String required(Map<?, ?> map, String key, String where) {
		String value = optional(map, key);
		if (value == null || value.isBlank()) {
			throw new GatewayFileRefused(where + ": \"" + key + "\" is required");
		}
		return value;
	}

	private static String optional(Map<?, ?> map, String key) {
		Object value = map.get(key);
		return (value != null) ? String.valueOf(value) : null;
	}

	/** A value of the file as a refusal shows it: quoted, cut after 64 characters ({@link EchoedValue}). */
	private static String shown(Object value) {
		return EchoedValue.shown(String.valueOf(value));
	}

	/**
	 * A refused {@code url} without its user info ({@code user:password@} becomes {@code (user info)@}): the file
	 * refuses a user in the URL, and its refusal must not print the password it refuses (as
	 * {@code outbound.OutboundPolicy.withoutUserInfo}, which this module may not use).
	 */
	private static String withoutUserInfo(String url) {
		return USER_INFO.matcher(url).replaceFirst("$1(user info)@");
	}

}
