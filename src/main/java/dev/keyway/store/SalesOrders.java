package dev.keyway.store;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

/** Sales orders: read one, search. */
@Service
public class SalesOrders {

	/** Magento's text for a missing order. */
	public static final String NOT_FOUND = "The entity that was requested doesn't exist. Verify the entity and try again.";

	private final OrderStore store;

	SalesOrders(OrderStore store) {
		this.store = store;
	}

	public Order get(long id) {
		Order order = this.store.find(id).orElseThrow(() -> StoreException.notFound(NOT_FOUND, null));
		return withItems(List.of(order)).get(0);
	}

	public SearchResult<Order> search(SearchCriteria criteria) {
		SqlSearch search = SqlSearch.of(OrderStore.FIELDS, criteria);
		return new SearchResult<>(withItems(this.store.search(search)), search.applied(), this.store.count(search));
	}

	private List<Order> withItems(List<Order> orders) {
		Map<Long, List<Order.Item>> items = this.store.items(orders.stream().map(Order::id).toList());
		return orders.stream()
			.map((o) -> new Order(o.id(), o.incrementId(), o.storeId(), o.customerId(), o.customerIsGuest(),
					o.customerGroupId(), o.customerEmail(), o.customerFirstname(), o.customerLastname(), o.state(),
					o.status(), o.baseCurrencyCode(), o.orderCurrencyCode(), o.baseToOrderRate(), o.subtotal(),
					o.shippingAmount(), o.taxAmount(), o.discountAmount(), o.grandTotal(), o.totalPaid(),
					o.totalQtyOrdered(), o.weight(), o.shippingDescription(), o.paymentMethod(), o.billingAddress(),
					items.getOrDefault(o.id(), List.of()), o.createdAt(), o.updatedAt()))
			.toList();
	}

}
