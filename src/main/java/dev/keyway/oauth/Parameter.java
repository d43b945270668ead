package dev.keyway.oauth;

/** One request parameter, decoded: a name and a value (RFC 5849 section 3.4.1.3). */
public record Parameter(String name, String value) {
}
