package dev.keyway.oauth;

/** A consumer just registered: its id and key (the secret stays inside this module). */
public record NewConsumer(long id, String key) {
}
