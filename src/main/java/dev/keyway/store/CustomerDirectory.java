package dev.keyway.store;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

/** Customer accounts: read one, search. */
@Service
public class CustomerDirectory {

	private final CustomerStore store;

	CustomerDirectory(CustomerStore store) {
		this.store = store;
	}

	/** The customer, or Magento's "No such entity with customerId = <id>". */
	public Customer get(long id) {
		Customer customer = this.store.find(id).orElseThrow(() -> StoreException.noSuchEntity("customerId", id));
		return withAddresses(List.of(customer)).get(0);
	}

	public SearchResult<Customer> search(SearchCriteria criteria) {
		SqlSearch search = SqlSearch.of(CustomerStore.FIELDS, criteria);
		return new SearchResult<>(withAddresses(this.store.search(search)), search.applied(), this.store.count(search));
	}

	private List<Customer> withAddresses(List<Customer> customers) {
		Map<Long, List<Customer.Address>> addresses = this.store
			.addresses(customers.stream().map(Customer::id).toList());
		return customers.stream()
			.map((c) -> new Customer(c.id(), c.groupId(), c.email(), c.prefix(), c.firstname(), c.middlename(),
					c.lastname(), c.dob(), c.gender(), c.storeId(), c.websiteId(), c.createdIn(), c.createdAt(),
					c.updatedAt(), addresses.getOrDefault(c.id(), List.of())))
			.toList();
	}

}
