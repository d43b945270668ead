package dev.keyway.account;

/** An admin of the admin UI and the Web API. */
public record AdminUser(long id, String username) implements java.io.Serializable {
}
