package dev.keyway.store;

/** A website (Stores > All Stores); id 0 is Magento's admin website. */
public record Website(int id, String code, String name, int defaultGroupId) {
}
