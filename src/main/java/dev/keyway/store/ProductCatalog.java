package dev.keyway.store;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.keyway.store.Drafts.orElse;

/**
 * Catalog products: search, read, create, update and delete, in a store scope (see
 * {@link StoreDirectory}): reads show a store view's own name and description where it has them; a
 * write through a store view other than the default one stores the name and description as that
 * store view's values and everything else as global values; any other write changes global values.
 */
@Service
public class ProductCatalog {

	/** Magento's text for a missing product. */
	public static final String NOT_FOUND = "The product that was requested doesn't exist. Verify the product and try again.";

	private static final int MAX_SKU = 64;

	private static final int MAX_NAME = 255;

	private static final BigDecimal MAX_AMOUNT = BigDecimal.valueOf(100_000_000);

	private final ProductStore store;

	private final StoreDirectory directory;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ProductCatalog(ProductStore store, StoreDirectory directory, TransactionTemplate transaction, Clock clock) {
		this.store = store;
		this.directory = directory;
		this.transaction = transaction;
		this.clock = clock;
	}

	public List<ProductType> types() {
		return Arrays.asList(ProductType.values());
	}

	public SearchResult<Product> search(SearchCriteria criteria, String storeCode) {
		Scope scope = this.directory.scope(storeCode);
		SqlSearch search = SqlSearch.of(ProductStore.FIELDS, criteria);
		List<ProductStore.Row> rows = this.store.search(search, scope.readStoreId());
		long total = this.store.count(search, scope.readStoreId());
		return new SearchResult<>(assemble(rows), search.applied(), total);
	}

	public Product get(String sku, String storeCode) {
		Scope scope = this.directory.scope(storeCode);
		return load(sku, scope);
	}

	/**
	 * Magento's {@code ProductRepository::save} behind {@code POST /V1/products}: the product with the
	 * draft's SKU (ignoring case) is updated like {@link #update} (values not sent are kept), any
	 * other draft creates one. A POST racing another for the same new SKU loses the insert to the
	 * unique constraint and then updates the product the other one created.
	 */
	public Product save(ProductDraft draft, String storeCode) {
		if (draft.sku() != null && !draft.sku().isBlank()
				&& this.store.findBySku(draft.sku(), StoreView.ADMIN_ID).isPresent()) {
			return update(draft.sku(), draft, storeCode);
		}
		try {
			return create(draft, storeCode);
		}
		catch (SkuTaken ex) {
			return update(draft.sku(), draft, storeCode);
		}
	}

	public Product create(ProductDraft draft, String storeCode) {
		Scope scope = this.directory.scope(storeCode);
		List<String> problems = new ArrayList<>();
		if (draft.sku() == null || draft.sku().isBlank()) {
			problems.add("\"sku\" is required: a product needs a SKU.");
		}
		if (draft.name() == null || draft.name().isBlank()) {
			problems.add("\"name\" is required: a product needs a name.");
		}
		ProductType type = ProductType.of((draft.typeId() != null) ? draft.typeId() : ProductType.SIMPLE.code());
		if (draft.price() == null && (type == null || !type.priceOptional())) {
			problems.add("\"price\" is required for a product of type \"" + ((type != null) ? type.code() : draft.typeId())
					+ "\".");
		}
		ProductStore.Columns columns = new ProductStore.Columns(draft.sku(), draft.name(),
				orElse(draft.attributeSetId(), 4), (draft.price() != null) ? draft.price() : BigDecimal.ZERO,
				orElse(draft.status(), 1), orElse(draft.visibility(), 4),
				(draft.typeId() != null) ? draft.typeId() : ProductType.SIMPLE.code(), draft.weight());
		validate(columns, draft, problems);
		Instant now = this.clock.instant();
		long id = this.transaction.execute((status) -> {
			try {
				long productId = this.store.insert(columns, now);
				this.store.replaceWebsites(productId, (draft.websiteIds() != null) ? draft.websiteIds() : List.of(1));
				writeRest(productId, draft, scope, true);
				return productId;
			}
			catch (DataIntegrityViolationException ex) {
				throw translate(ex, draft);
			}
		});
		return load(id, scope);
	}

	/** Changes the given values; the SKU cannot change (a different SKU in the draft is refused). */
	public Product update(String sku, ProductDraft draft, String storeCode) {
		Scope scope = this.directory.scope(storeCode);
		long id = this.store.findBySku(sku, StoreView.ADMIN_ID).orElseThrow(ProductCatalog::notFound).id();
		List<String> problems = new ArrayList<>();
		if (draft.sku() != null && !ProductStore.skuKey(draft.sku()).equals(ProductStore.skuKey(sku))) {
			problems.add("The SKU in the body (" + InputBounds.shown(draft.sku()) + ") differs from the SKU in the URL (\"" + sku
					+ "\"); a SKU cannot be changed.");
		}
		if (draft.name() != null && draft.name().isBlank()) {
			problems.add("\"name\" cannot be empty.");
		}
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			ProductStore.Columns current = this.store.columns(id).orElseThrow(ProductCatalog::notFound);
			String globalName = (draft.name() != null && scope.writesGlobal()) ? draft.name() : current.name();
			ProductStore.Columns columns = new ProductStore.Columns(current.sku(), globalName,
					orElse(draft.attributeSetId(), current.attributeSetId()), orElse(draft.price(), current.price()),
					orElse(draft.status(), current.status()), orElse(draft.visibility(), current.visibility()),
					orElse(draft.typeId(), current.typeId()), orElse(draft.weight(), current.weight()));
			validate(columns, draft, problems);
			try {
				this.store.update(id, columns, now);
				if (draft.websiteIds() != null) {
					this.store.replaceWebsites(id, draft.websiteIds());
				}
				writeRest(id, draft, scope, false);
			}
			catch (DataIntegrityViolationException ex) {
				throw translate(ex, draft);
			}
		});
		return load(id, scope);
	}

	public void delete(String sku) {
		long id = this.store.findBySku(sku, StoreView.ADMIN_ID).orElseThrow(ProductCatalog::notFound).id();
		if (!this.store.delete(id)) {
			throw notFound();
		}
	}

	/** Category links, custom attributes and store-view values of a draft. */
	private void writeRest(long id, ProductDraft draft, Scope scope, boolean created) {
		if (draft.categoryLinks() != null) {
			this.store.replaceCategoryLinks(id, draft.categoryLinks());
		}
		for (Map.Entry<String, String> attribute : draft.customAttributes().entrySet()) {
			boolean storeValue = ProductAttributes.DESCRIPTION.equals(attribute.getKey()) && !scope.writesGlobal();
			if (storeValue && !created) {
				continue;
			}
			if (attribute.getValue() == null) {
				this.store.removeAttribute(id, attribute.getKey());
			}
			else {
				this.store.putAttribute(id, attribute.getKey(), attribute.getValue());
			}
		}
		if (!scope.writesGlobal()) {
			String description = draft.customAttributes().get(ProductAttributes.DESCRIPTION);
			this.store.putStoreValues(id, scope.writeStoreId(), draft.name(), description);
		}
	}

	private static void validate(ProductStore.Columns columns, ProductDraft draft, List<String> problems) {
		if (columns.sku() != null && columns.sku().length() > MAX_SKU) {
			problems.add("\"sku\" must be at most " + MAX_SKU + " characters; got "
					+ InputBounds.shown(columns.sku()) + ".");
		}
		if (draft.name() != null && draft.name().length() > MAX_NAME) {
			problems.add("\"name\" must be at most " + MAX_NAME + " characters; got " + draft.name().length() + ".");
		}
		checkAmount("price", columns.price(), problems);
		if (columns.weight() != null) {
			checkAmount("weight", columns.weight(), problems);
		}
		if (columns.status() != 1 && columns.status() != 2) {
			problems.add("\"status\" must be 1 (enabled) or 2 (disabled); got " + columns.status() + ".");
		}
		if (columns.visibility() < 1 || columns.visibility() > 4) {
			problems.add("\"visibility\" must be 1 (Not Visible Individually), 2 (Catalog), 3 (Search) or 4 "
					+ "(Catalog, Search); got " + columns.visibility() + ".");
		}
		if (ProductType.of(columns.typeId()) == null) {
			problems.add("\"type_id\" must be one of " + Arrays.stream(ProductType.values())
				.map(ProductType::code)
				.collect(Collectors.joining(", ")) + "; got " + InputBounds.shown(columns.typeId()) + ".");
		}
		if (columns.attributeSetId() < 1) {
			problems.add("\"attribute_set_id\" must be a positive id; got " + columns.attributeSetId() + ".");
		}
		for (Map.Entry<String, String> attribute : draft.customAttributes().entrySet()) {
			if (!ProductAttributes.CODES.contains(attribute.getKey())) {
				problems.add("Unknown product attribute " + InputBounds.shown(attribute.getKey()) + "; known attributes: "
						+ ProductAttributes.known() + ".");
			}
			else if (ProductAttributes.DECIMALS.contains(attribute.getKey()) && attribute.getValue() != null
					&& !attribute.getValue().isBlank() && InputBounds.decimal(attribute.getValue()) == null) {
				problems.add("\"" + attribute.getKey() + "\" must be " + InputBounds.decimalRule() + "; got "
						+ InputBounds.shown(attribute.getValue()) + ".");
			}
			else if (attribute.getValue() != null && attribute.getValue().length() > 16000) {
				problems.add("The attribute \"" + attribute.getKey() + "\" must be at most 16000 characters; got "
						+ attribute.getValue().length() + ".");
			}
		}
		if (draft.categoryLinks() != null) {
			for (Product.CategoryLink link : draft.categoryLinks()) {
				if (link.position() < 0) {
					problems.add("The position of category " + link.categoryId() + " must be zero or more; got "
							+ link.position() + ".");
				}
			}
			long distinct = draft.categoryLinks().stream().map(Product.CategoryLink::categoryId).distinct().count();
			if (distinct != draft.categoryLinks().size()) {
				problems.add("\"category_links\" names a category more than once; got category ids "
						+ draft.categoryLinks().stream().map(Product.CategoryLink::categoryId).toList() + ".");
			}
		}
		if (draft.websiteIds() != null && draft.websiteIds().stream().distinct().count() != draft.websiteIds().size()) {
			problems.add("\"website_ids\" names a website more than once; got " + draft.websiteIds() + ".");
		}
		if (!problems.isEmpty()) {
			throw StoreException.invalid(problems);
		}
	}

	/**
	 * Zero or more and below 10^8 (the columns are DECIMAL(12,4)). Compared, never formatted first: a
	 * draft may carry 1e999999999, whose plain digits would be a billion characters.
	 */
	private static void checkAmount(String field, BigDecimal value, List<String> problems) {
		if (value.signum() < 0) {
			problems.add("\"" + field + "\" must be zero or more; got " + InputBounds.shown(value) + ".");
		}
		else if (value.compareTo(MAX_AMOUNT) >= 0) {
			problems.add("\"" + field + "\" must be below 100000000; got " + InputBounds.shown(value) + ".");
		}
	}

	private static RuntimeException translate(DataIntegrityViolationException ex, ProductDraft draft) {
		if (Constraints.broke(ex, ProductStore.SKU_CONSTRAINT)) {
			return new SkuTaken("A product with the SKU \"" + draft.sku()
					+ "\" already exists (SKUs are unique, ignoring case); change it with PUT /V1/products/" + draft.sku()
					+ " or choose another SKU.");
		}
		if (Constraints.broke(ex, ProductStore.WEBSITE_CONSTRAINTS)) {
			return StoreException.invalid("\"website_ids\" must name existing websites; got " + draft.websiteIds() + ".");
		}
		if (Constraints.broke(ex, ProductStore.CATEGORY_CONSTRAINT)) {
			return StoreException.invalid("\"category_links\" must name existing categories; got category ids "
					+ draft.categoryLinks().stream().map(Product.CategoryLink::categoryId).toList() + ".");
		}
		return ex;
	}

	private Product load(String sku, Scope scope) {
		ProductStore.Row row = this.store.findBySku(sku, scope.readStoreId()).orElseThrow(ProductCatalog::notFound);
		return assemble(List.of(row)).get(0);
	}

	private Product load(long id, Scope scope) {
		ProductStore.Columns columns = this.store.columns(id).orElseThrow(ProductCatalog::notFound);
		return load(columns.sku(), scope);
	}

	private List<Product> assemble(List<ProductStore.Row> rows) {
		List<Long> ids = rows.stream().map(ProductStore.Row::id).toList();
		Map<Long, List<Integer>> websites = this.store.websites(ids);
		Map<Long, List<Product.CategoryLink>> links = this.store.categoryLinks(ids);
		Map<Long, List<Product.Attribute>> attributes = this.store.attributes(ids);
		List<Product> products = new ArrayList<>(rows.size());
		for (ProductStore.Row row : rows) {
			List<Product.Attribute> values = new ArrayList<>(attributes.getOrDefault(row.id(), List.of()));
			if (row.storeDescription() != null) {
				values.removeIf((attribute) -> ProductAttributes.DESCRIPTION.equals(attribute.code()));
				values.add(new Product.Attribute(ProductAttributes.DESCRIPTION, row.storeDescription()));
				values.sort((a, b) -> a.code().compareTo(b.code()));
			}
			products.add(new Product(row.id(), row.sku(), row.name(), row.attributeSetId(), row.price(), row.status(),
					row.visibility(), row.typeId(), row.weight(), row.createdAt(), row.updatedAt(),
					websites.getOrDefault(row.id(), List.of()), links.getOrDefault(row.id(), List.of()), values));
		}
		return products;
	}

	/** The SKU of a new product is already taken: a conflict for {@link #create}, an update for {@link #save}. */
	static final class SkuTaken extends StoreException {

		SkuTaken(String message) {
			super(Reason.CONFLICT, message, null, List.of(message));
		}

	}

	static StoreException notFound() {
		return StoreException.notFound(NOT_FOUND, null);
	}

}
