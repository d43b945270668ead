package dev.keyway.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A customer account with its addresses. {@code gender}: 0 n/a, 1 male, 2 female, 3 not specified. */
public record Customer(long id, int groupId, String email, String prefix, String firstname, String middlename,
		String lastname, LocalDate dob, int gender, int storeId, int websiteId, String createdIn, Instant createdAt,
		Instant updatedAt, List<Address> addresses) {

	public Customer {
		addresses = List.copyOf(addresses);
	}

	/** The id of the default billing address, or null. */
	public Long defaultBilling() {
		return this.addresses.stream().filter(Address::defaultBilling).map(Address::id).findFirst().orElse(null);
	}

	/** The id of the default shipping address, or null. */
	public Long defaultShipping() {
		return this.addresses.stream().filter(Address::defaultShipping).map(Address::id).findFirst().orElse(null);
	}

	/** A customer address; {@code street} has one entry per line. */
	public record Address(long id, long customerId, String firstname, String lastname, String company,
			List<String> street, String city, String region, String regionCode, int regionId, String postcode,
			String countryId, String telephone, boolean defaultBilling, boolean defaultShipping) {

		public Address {
			street = List.copyOf(street);
		}

	}

}
