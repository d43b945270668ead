package dev.keyway.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The store hierarchy (websites, store groups, store views, their configuration) and the meaning of
 * a store code in a Web API path (SPEC 5.1): {@code all} reads and writes global values; the default
 * store view's code reads its store-view values and writes global values (so {@code /rest/V1} and
 * {@code /rest/all/V1} change the same data); any other store view's code reads and writes that store
 * view's values. The hierarchy has no write API, so it is cached for a minute.
 */
@Service
public class StoreDirectory {

	/** The code that addresses all store views. */
	public static final String ALL = "all";

	private static final Duration CACHE = Duration.ofMinutes(1);

	private record Snapshot(List<Website> websites, List<StoreGroup> groups, List<StoreView> views,
			Map<String, StoreView> byCode, List<StoreViewStore.ConfigRow> configs, Instant loadedAt) {
	}

	private final StoreViewStore store;

	private final Clock clock;

	private final String baseUrl;

	private volatile Snapshot snapshot;

	StoreDirectory(StoreViewStore store, Clock clock, @Value("${keyway.public-base-url}") String baseUrl) {
		this.store = store;
		this.clock = clock;
		// as IntegrationProperties reads it (a URI: trimmed, empty as the default), so base_url and store_base_url
		// agree; PublicBaseUrlCheck warns about an empty value as about an unset one
		String url = baseUrl.isBlank() ? "http://localhost:8080/" : baseUrl.strip();
		this.baseUrl = url.endsWith("/") ? url : url + "/";
	}

	public List<Website> websites() {
		return snapshot().websites();
	}

	public List<StoreGroup> storeGroups() {
		return snapshot().groups();
	}

	/** Every store view, the admin store (id 0) included, as Magento lists them. */
	public List<StoreView> storeViews() {
		return snapshot().views();
	}

	/** True for the code of a store view that a Web API path may name: every one but the admin store. */
	public boolean isStoreCode(String code) {
		StoreView view = snapshot().byCode().get(code);
		return view != null && view.id() != StoreView.ADMIN_ID;
	}

	/** The configuration of every store view but the admin store. */
	public List<StoreConfig> storeConfigs() {
		Snapshot current = snapshot();
		Map<Integer, StoreView> views = current.views()
			.stream()
			.collect(Collectors.toMap(StoreView::id, Function.identity()));
		List<StoreConfig> configs = new ArrayList<>();
		for (StoreViewStore.ConfigRow row : current.configs()) {
			StoreView view = views.get(row.storeId());
			configs.add(new StoreConfig(view.id(), view.code(), view.websiteId(), row.locale(), row.baseCurrencyCode(),
					row.defaultDisplayCurrencyCode(), row.timezone(), row.weightUnit(), this.baseUrl, this.baseUrl,
					this.baseUrl + "static/", this.baseUrl + "media/", this.baseUrl, this.baseUrl,
					this.baseUrl + "static/", this.baseUrl + "media/"));
		}
		return configs;
	}

	/** The store group of the default website, whose root category is the default catalog root. */
	StoreGroup defaultGroup() {
		Snapshot current = snapshot();
		int groupId = current.websites()
			.stream()
			.filter((website) -> website.id() != StoreView.ADMIN_ID)
			.findFirst()
			.map(Website::defaultGroupId)
			.orElseThrow(() -> new IllegalStateException("The store has no website besides admin"));
		return current.groups()
			.stream()
			.filter((group) -> group.id() == groupId)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Website's default store group " + groupId + " is missing"));
	}

	/** The name of a store view, for a customer's "created_in". */
	String storeName(int storeId) {
		return snapshot().views()
			.stream()
			.filter((view) -> view.id() == storeId)
			.map(StoreView::name)
			.findFirst()
			.orElse(null);
	}

	/** What a store code in a path means for reads and writes (see the class comment). */
	Scope scope(String code) {
		if (code == null || ALL.equals(code)) {
			return new Scope(ALL, StoreView.ADMIN_ID, StoreView.ADMIN_ID);
		}
		StoreView view = snapshot().byCode().get(code);
		if (view == null || view.id() == StoreView.ADMIN_ID) {
			throw StoreException.invalid("The store code " + InputBounds.shown(code) + " names no store view.");
		}
		boolean isDefault = defaultGroup().defaultStoreId() == view.id();
		return new Scope(code, view.id(), isDefault ? StoreView.ADMIN_ID : view.id());
	}

	private Snapshot snapshot() {
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if (current == null || now.isAfter(current.loadedAt().plus(CACHE)) || now.isBefore(current.loadedAt())) {
			List<StoreView> views = this.store.views();
			current = new Snapshot(this.store.websites(), this.store.groups(), views,
					views.stream().collect(Collectors.toMap(StoreView::code, Function.identity())), this.store.configs(),
					now);
			this.snapshot = current;
		}
		return current;
	}

}
