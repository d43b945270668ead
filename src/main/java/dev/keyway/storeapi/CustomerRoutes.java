package dev.keyway.storeapi;

import java.util.Map;

import dev.keyway.store.Customer;
import dev.keyway.store.CustomerDirectory;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/** {@code GET /V1/customers/:customerId} and {@code GET /V1/customers/search} in Magento's shapes. */
@Component
class CustomerRoutes {

	private final CustomerDirectory customers;

	private final InputLimits limits;

	CustomerRoutes(CustomerDirectory customers, InputLimits limits) {
		this.customers = customers;
		this.limits = limits;
	}

	Object get(ApiRequest request) {
		long id = request.idVariable("customerId");
		return customer(this.customers.get(id));
	}

	Object search(ApiRequest request) {
		return WireJson.list(this.customers.search(this.limits.criteria(request)),
				CustomerRoutes::customer);
	}

	static Map<String, Object> customer(Customer customer) {
		Long billing = customer.defaultBilling();
		Long shipping = customer.defaultShipping();
		return WireJson.obj()
			.with("id", customer.id())
			.with("group_id", customer.groupId())
			.with("default_billing", (billing != null) ? String.valueOf(billing) : null)
			.with("default_shipping", (shipping != null) ? String.valueOf(shipping) : null)
			.with("created_at", WireJson.time(customer.createdAt()))
			.with("updated_at", WireJson.time(customer.updatedAt()))
			.with("created_in", customer.createdIn())
			.with("dob", (customer.dob() != null) ? customer.dob().toString() : null)
			.with("email", customer.email())
			.with("prefix", customer.prefix())
			.with("firstname", customer.firstname())
			.with("middlename", customer.middlename())
			.with("lastname", customer.lastname())
			.with("gender", customer.gender())
			.with("store_id", customer.storeId())
			.with("website_id", customer.websiteId())
			.with("addresses", customer.addresses().stream().map(CustomerRoutes::address).toList())
			.with("disable_auto_group_change", 0)
			.with("extension_attributes", Map.of("is_subscribed", false));
	}

	private static Map<String, Object> address(Customer.Address address) {
		return WireJson.obj()
			.with("id", address.id())
			.with("customer_id", address.customerId())
			.with("region", WireJson.obj()
				.with("region_code", address.regionCode())
				.with("region", address.region())
				.with("region_id", address.regionId()))
			.with("region_id", address.regionId())
			.with("country_id", address.countryId())
			.with("street", address.street())
			.with("company", address.company())
			.with("telephone", address.telephone())
			.with("postcode", address.postcode())
			.with("city", address.city())
			.with("firstname", address.firstname())
			.with("lastname", address.lastname())
			.with("default_shipping", address.defaultShipping() ? Boolean.TRUE : null)
			.with("default_billing", address.defaultBilling() ? Boolean.TRUE : null);
	}

}
