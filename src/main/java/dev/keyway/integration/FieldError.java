package dev.keyway.integration;

/** A broken rule of one field: which field ({@code name}, {@code email}, ...) and the message. */
public record FieldError(String field, String message) {
}
