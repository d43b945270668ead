package dev.keyway.storeapi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import dev.keyway.store.Order;
import dev.keyway.store.SalesOrders;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/**
 * {@code GET /V1/orders/:id} and {@code GET /V1/orders} in Magento's shapes. Base-currency amounts
 * are the order amounts divided by the order's base-to-order rate, rounded to cents.
 */
@Component
class SalesRoutes {

	private final SalesOrders orders;

	private final InputLimits limits;

	SalesRoutes(SalesOrders orders, InputLimits limits) {
		this.orders = orders;
		this.limits = limits;
	}

	Object get(ApiRequest request) {
		long id = request.idVariable("id");
		return order(this.orders.get(id));
	}

	Object search(ApiRequest request) {
		return WireJson.list(this.orders.search(this.limits.criteria(request)), SalesRoutes::order);
	}

	static Map<String, Object> order(Order order) {
		BigDecimal rate = order.baseToOrderRate();
		BigDecimal due = order.grandTotal().subtract(order.totalPaid());
		boolean virtual = order.items().stream().allMatch((item) -> item.weight() == null);
		return WireJson.obj()
			.with("entity_id", order.id())
			.with("increment_id", order.incrementId())
			.with("state", order.state())
			.with("status", order.status())
			.with("store_id", order.storeId())
			.with("customer_id", order.customerId())
			.with("customer_email", order.customerEmail())
			.with("customer_firstname", order.customerFirstname())
			.with("customer_lastname", order.customerLastname())
			.with("customer_is_guest", order.customerIsGuest() ? 1 : 0)
			.with("customer_group_id", order.customerGroupId())
			.with("base_currency_code", order.baseCurrencyCode())
			.with("global_currency_code", order.baseCurrencyCode())
			.with("store_currency_code", order.baseCurrencyCode())
			.with("order_currency_code", order.orderCurrencyCode())
			.with("base_to_global_rate", 1)
			.with("base_to_order_rate", WireJson.number(rate))
			.with("subtotal", WireJson.number(order.subtotal()))
			.with("base_subtotal", base(order.subtotal(), rate))
			.with("shipping_amount", WireJson.number(order.shippingAmount()))
			.with("base_shipping_amount", base(order.shippingAmount(), rate))
			.with("tax_amount", WireJson.number(order.taxAmount()))
			.with("base_tax_amount", base(order.taxAmount(), rate))
			.with("discount_amount", WireJson.number(order.discountAmount()))
			.with("base_discount_amount", base(order.discountAmount(), rate))
			.with("grand_total", WireJson.number(order.grandTotal()))
			.with("base_grand_total", base(order.grandTotal(), rate))
			.with("total_paid", WireJson.number(order.totalPaid()))
			.with("base_total_paid", base(order.totalPaid(), rate))
			.with("total_due", WireJson.number(due))
			.with("base_total_due", base(due, rate))
			.with("total_qty_ordered", WireJson.number(order.totalQtyOrdered()))
			.with("total_item_count", order.items().size())
			.with("weight", WireJson.number(order.weight()))
			.with("is_virtual", virtual ? 1 : 0)
			.with("shipping_description", order.shippingDescription())
			.with("created_at", WireJson.time(order.createdAt()))
			.with("updated_at", WireJson.time(order.updatedAt()))
			.with("items", order.items().stream().map((item) -> item(order, item)).toList())
			.with("billing_address", billing(order))
			.with("payment", WireJson.obj()
				.with("parent_id", order.id())
				.with("method", order.paymentMethod())
				.with("amount_ordered", WireJson.number(order.grandTotal()))
				.with("base_amount_ordered", base(order.grandTotal(), rate))
				.with("amount_paid", WireJson.number(order.totalPaid()))
				.with("base_amount_paid", base(order.totalPaid(), rate))
				.with("additional_information", List.of()))
			.with("status_histories", List.of())
			.with("extension_attributes", Map.of());
	}

	private static Map<String, Object> item(Order order, Order.Item item) {
		BigDecimal rate = order.baseToOrderRate();
		BigDecimal rowWeight = (item.weight() != null) ? item.weight().multiply(item.qtyOrdered()) : null;
		return WireJson.obj()
			.with("item_id", item.id())
			.with("order_id", item.orderId())
			.with("store_id", order.storeId())
			.with("product_id", item.productId())
			.with("sku", item.sku())
			.with("name", item.name())
			.with("product_type", item.productType())
			.with("is_virtual", (item.weight() == null) ? 1 : 0)
			.with("qty_ordered", WireJson.number(item.qtyOrdered()))
			.with("qty_invoiced", WireJson.number(item.qtyInvoiced()))
			.with("qty_shipped", WireJson.number(item.qtyShipped()))
			.with("qty_refunded", WireJson.number(item.qtyRefunded()))
			.with("qty_canceled", WireJson.number(item.qtyCanceled()))
			.with("price", WireJson.number(item.price()))
			.with("base_price", base(item.price(), rate))
			.with("original_price", WireJson.number(item.originalPrice()))
			.with("base_original_price", base(item.originalPrice(), rate))
			.with("tax_percent", WireJson.number(item.taxPercent()))
			.with("tax_amount", WireJson.number(item.taxAmount()))
			.with("base_tax_amount", base(item.taxAmount(), rate))
			.with("discount_amount", WireJson.number(item.discountAmount()))
			.with("base_discount_amount", base(item.discountAmount(), rate))
			.with("row_total", WireJson.number(item.rowTotal()))
			.with("base_row_total", base(item.rowTotal(), rate))
			.with("row_total_incl_tax", WireJson.number(item.rowTotal().add(item.taxAmount())))
			.with("weight", WireJson.number(item.weight()))
			.with("row_weight", WireJson.number(rowWeight))
			.with("created_at", WireJson.time(item.createdAt()))
			.with("updated_at", WireJson.time(item.updatedAt()));
	}

	private static Map<String, Object> billing(Order order) {
		Order.Address address = order.billingAddress();
		return WireJson.obj()
			.with("address_type", "billing")
			.with("parent_id", order.id())
			.with("firstname", address.firstname())
			.with("lastname", address.lastname())
			.with("street", address.street())
			.with("city", address.city())
			.with("region", address.region())
			.with("region_code", address.regionCode())
			.with("region_id", address.regionId())
			.with("postcode", address.postcode())
			.with("country_id", address.countryId())
			.with("telephone", address.telephone())
			.with("email", address.email());
	}

	private static BigDecimal base(BigDecimal amount, BigDecimal rate) {
		if (amount == null) {
			return null;
		}
		return WireJson.number(amount.divide(rate, 2, RoundingMode.HALF_UP));
	}

}
