package dev.keyway.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whitelist of one entity's searchable fields: each field name maps to fixed SQL written here,
 * never to text from the request. A search on any other name is refused with the list of allowed
 * names.
 */
final class SearchFields {

	/** How a value is parsed and compared. */
	enum Type {

		/** Compared case-insensitively, as on Magento's MySQL collation; the only type {@code like} applies to. */
		TEXT,

		NUMBER,

		BOOLEAN,

		/** {@code yyyy-MM-dd HH:mm:ss} (UTC, Magento's format), ISO-8601, or {@code yyyy-MM-dd}. */
		TIMESTAMP,

		/** {@code yyyy-MM-dd}. */
		DATE

	}

	/** A searchable field. */
	sealed interface Field permits Column, Related {

		Type type();

	}

	/**
	 * A column (or expression) of the entity's own query. {@code join} is the join its SQL reads
	 * (e.g. a store-view table under another alias), or null when it reads the entity's table only:
	 * a query that selects no such column (a count) can then leave the join out.
	 */
	record Column(String sql, Type type, String join) implements Field {
	}

	/**
	 * A value kept in another table, tested with {@code EXISTS (SELECT 1 FROM <from> WHERE <owner> AND
	 * <value> <condition>)}. {@code owner} may use {@code :key}, bound to {@code key}. With
	 * {@code excludeByAbsence}, {@code neq}/{@code nin} mean "has no such value" ({@code NOT EXISTS}), as
	 * Magento's category filter does.
	 */
	record Related(String from, String owner, String key, String value, Type type, boolean excludeByAbsence)
			implements Field {
	}

	private final String entity;

	private final String idSql;

	private final Map<String, Field> fields;

	private SearchFields(String entity, String idSql, Map<String, Field> fields) {
		this.entity = entity;
		this.idSql = idSql;
		this.fields = Map.copyOf(fields);
	}

	static Builder of(String entity, String idSql) {
		return new Builder(entity, idSql);
	}

	/** The plural noun used in messages, e.g. "products". */
	String entity() {
		return this.entity;
	}

	/** The primary key expression, the last sort key so that pages are stable. */
	String idSql() {
		return this.idSql;
	}

	Field field(String name) {
		return (name != null) ? this.fields.get(name) : null;
	}

	/** Every searchable name, sorted. */
	Set<String> names() {
		return new TreeSet<>(this.fields.keySet());
	}

	/** The names that can be sorted on (columns), sorted. */
	Set<String> sortableNames() {
		Set<String> names = new TreeSet<>();
		this.fields.forEach((name, field) -> {
			if (field instanceof Column) {
				names.add(name);
			}
		});
		return names;
	}

	static final class Builder {

		private final String entity;

		private final String idSql;

		private final Map<String, Field> fields = new LinkedHashMap<>();

		private Builder(String entity, String idSql) {
			this.entity = entity;
			this.idSql = idSql;
		}

		Builder column(String name, String sql, Type type) {
			return add(name, new Column(sql, type, null));
		}

		/** A column whose SQL reads {@code join} (a {@code LEFT JOIN ...} clause of the entity's query). */
		Builder column(String name, String sql, Type type, String join) {
			return add(name, new Column(sql, type, join));
		}

		Builder related(String name, Related related) {
			return add(name, related);
		}

		private Builder add(String name, Field field) {
			if (this.fields.put(name, field) != null) {
				throw new IllegalStateException("Searchable field \"" + name + "\" of " + this.entity + " declared twice");
			}
			return this;
		}

		SearchFields build() {
			return new SearchFields(this.entity, this.idSql, this.fields);
		}

	}

}
