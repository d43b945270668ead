package dev.keyway.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A sales order with its lines and billing address. Amounts are in the order currency; the base
 * currency amounts are these divided by {@code baseToOrderRate}.
 */
public record Order(long id, String incrementId, int storeId, Long customerId, boolean customerIsGuest,
		int customerGroupId, String customerEmail, String customerFirstname, String customerLastname, String state,
		String status, String baseCurrencyCode, String orderCurrencyCode, BigDecimal baseToOrderRate,
		BigDecimal subtotal, BigDecimal shippingAmount, BigDecimal taxAmount, BigDecimal discountAmount,
		BigDecimal grandTotal, BigDecimal totalPaid, BigDecimal totalQtyOrdered, BigDecimal weight,
		String shippingDescription, String paymentMethod, Address billingAddress, List<Item> items, Instant createdAt,
		Instant updatedAt) {

	public Order {
		items = List.copyOf(items);
	}

	/** An order line. {@code productId} is null once the product is deleted. */
	public record Item(long id, long orderId, Long productId, String sku, String name, String productType,
			BigDecimal qtyOrdered, BigDecimal qtyInvoiced, BigDecimal qtyShipped, BigDecimal qtyRefunded,
			BigDecimal qtyCanceled, BigDecimal price, BigDecimal originalPrice, BigDecimal taxPercent,
			BigDecimal taxAmount, BigDecimal discountAmount, BigDecimal rowTotal, BigDecimal weight, Instant createdAt,
			Instant updatedAt) {
	}

	/** The billing address kept with the order; {@code street} has one entry per line. */
	public record Address(String firstname, String lastname, List<String> street, String city, String region,
			String regionCode, int regionId, String postcode, String countryId, String telephone, String email) {

		public Address {
			street = List.copyOf(street);
		}

	}

}
