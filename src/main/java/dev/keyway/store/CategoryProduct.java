package dev.keyway.store;

/** A product assigned to a category ({@code GET /V1/categories/:id/products}). */
public record CategoryProduct(String sku, int position, long categoryId) {
}
