package dev.keyway.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turns {@link SearchCriteria} into the WHERE, ORDER BY and paging of an SQL query over one entity's
 * {@link SearchFields}. Field names only select SQL fragments from the whitelist, sort directions are
 * ASC or DESC, and every value is a bound parameter: nothing from the request becomes SQL text.
 */
final class SqlSearch {

	/** Magento's condition types (plus the aliases from, to, moreq and nlike). */
	enum Condition {

		EQ("eq", "="), NEQ("neq", "<>"), LIKE("like", "LIKE"), NLIKE("nlike", "NOT LIKE"), IN("in", "IN"),
		NIN("nin", "NOT IN"), GT("gt", ">"), GTEQ("gteq", ">="), LT("lt", "<"), LTEQ("lteq", "<="),
		FROM("from", ">="), TO("to", "<="), MOREQ("moreq", ">="), NULL("null", null), NOTNULL("notnull", null);

		final String code;

		final String operator;

		Condition(String code, String operator) {
			this.code = code;
			this.operator = operator;
		}

		static Condition of(String code) {
			for (Condition condition : values()) {
				if (condition.code.equals(code)) {
					return condition;
				}
			}
			return null;
		}

		static String codes() {
			return Arrays.stream(values()).map((condition) -> condition.code).collect(Collectors.joining(", "));
		}

		boolean takesList() {
			return this == IN || this == NIN;
		}

		boolean takesNoValue() {
			return this == NULL || this == NOTNULL;
		}

		boolean isLike() {
			return this == LIKE || this == NLIKE;
		}

	}

	private static final DateTimeFormatter MAGENTO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final SearchFields fields;

	private final SearchCriteria criteria;

	private final Map<String, Object> params = new LinkedHashMap<>();

	private final String where;

	private final String orderBy;

	private SqlSearch(SearchFields fields, SearchCriteria criteria) {
		this.fields = fields;
		this.criteria = criteria;
		checkPage(criteria);
		this.where = where(criteria.filterGroups());
		this.orderBy = orderBy(criteria.sortOrders());
	}

	/** Checks the criteria against the fields; a refusal names the broken rule and shows the value. */
	static SqlSearch of(SearchFields fields, SearchCriteria criteria) {
		return new SqlSearch(fields, (criteria != null) ? criteria : SearchCriteria.all());
	}

	/** The criteria as applied: condition types lower-cased, directions upper-cased, the page made explicit. */
	SearchCriteria applied() {
		List<SearchCriteria.FilterGroup> groups = new ArrayList<>();
		for (SearchCriteria.FilterGroup group : this.criteria.filterGroups()) {
			groups.add(new SearchCriteria.FilterGroup(group.filters()
				.stream()
				.map((filter) -> new SearchCriteria.Filter(filter.field(), filter.value(),
						filter.conditionType().toLowerCase(Locale.ROOT)))
				.toList()));
		}
		List<SearchCriteria.SortOrder> sorts = this.criteria.sortOrders()
			.stream()
			.map((sort) -> new SearchCriteria.SortOrder(sort.field(), sort.direction().toUpperCase(Locale.ROOT)))
			.toList();
		return new SearchCriteria(groups, sorts, pageSize(), currentPage());
	}

	/** {@code " WHERE ..."} or empty. */
	String where() {
		return this.where;
	}

	/**
	 * The joins the filters' columns declare ({@link SearchFields.Column#join()}), each once, in the
	 * order first read; empty when every filtered column is on the entity's own table.
	 */
	String filterJoins() {
		Set<String> joins = new LinkedHashSet<>();
		for (SearchCriteria.FilterGroup group : this.criteria.filterGroups()) {
			for (SearchCriteria.Filter filter : group.filters()) {
				if (this.fields.field(filter.field()) instanceof SearchFields.Column column && column.join() != null) {
					joins.add(column.join());
				}
			}
		}
		return String.join("", joins);
	}

	/** {@code " ORDER BY ..."}, always ending with the id so that pages are stable. */
	String orderBy() {
		return this.orderBy;
	}

	/**
	 * {@code " LIMIT :searchLimit OFFSET :searchOffset"}, always: without a page size the page is
	 * {@link InputBounds#MAX_ROWS} rows, so no search returns an unbounded number of rows.
	 */
	String page() {
		return " LIMIT :searchLimit OFFSET :searchOffset";
	}

	private int pageSize() {
		return (this.criteria.pageSize() != null) ? this.criteria.pageSize() : InputBounds.MAX_ROWS;
	}

	private int currentPage() {
		return (this.criteria.currentPage() != null) ? this.criteria.currentPage() : 1;
	}

	/** Binds the filter values (for the count query). */
	JdbcClient.StatementSpec bindFilters(JdbcClient.StatementSpec statement) {
		JdbcClient.StatementSpec bound = statement;
		for (Map.Entry<String, Object> param : this.params.entrySet()) {
			bound = bound.param(param.getKey(), param.getValue());
		}
		return bound;
	}

	/** Binds the filter values and the page (for the item query). */
	JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
		JdbcClient.StatementSpec bound = bindFilters(statement);
		int size = pageSize();
		return bound.param("searchLimit", size).param("searchOffset", (long) (currentPage() - 1) * size);
	}

	private static void checkPage(SearchCriteria criteria) {
		if (criteria.pageSize() != null && criteria.pageSize() < 1) {
			throw StoreException.invalid("The page size (searchCriteria[pageSize]) must be at least 1; got "
					+ criteria.pageSize() + ".");
		}
		if (criteria.pageSize() != null && criteria.pageSize() > InputBounds.MAX_ROWS) {
			throw StoreException.invalid("Maximum SearchCriteria pageSize is " + InputBounds.MAX_ROWS + " (the most rows "
					+ "one search returns); got " + criteria.pageSize() + ".");
		}
		if (criteria.currentPage() != null && criteria.currentPage() < 1) {
			throw StoreException.invalid("The current page (searchCriteria[currentPage]) must be at least 1; got "
					+ criteria.currentPage() + ".");
		}
	}

	private String where(List<SearchCriteria.FilterGroup> groups) {
		List<String> and = new ArrayList<>();
		for (SearchCriteria.FilterGroup group : groups) {
			List<String> or = new ArrayList<>();
			for (SearchCriteria.Filter filter : group.filters()) {
				or.add(condition(filter));
			}
			if (!or.isEmpty()) {
				and.add((or.size() == 1) ? or.get(0) : "(" + String.join(" OR ", or) + ")");
			}
		}
		return and.isEmpty() ? "" : " WHERE " + String.join(" AND ", and);
	}

	private String orderBy(List<SearchCriteria.SortOrder> sorts) {
		StringBuilder order = new StringBuilder(" ORDER BY ");
		for (SearchCriteria.SortOrder sort : sorts) {
			SearchFields.Field field = this.fields.field(sort.field());
			if (!(field instanceof SearchFields.Column column)) {
				throw StoreException.invalid("Cannot sort " + this.fields.entity() + " by \"" + InputBounds.cut(sort.field())
						+ "\": it is not a sortable field. Sortable fields: "
						+ String.join(", ", this.fields.sortableNames()) + ".");
			}
			String direction = sort.direction().toUpperCase(Locale.ROOT);
			if (!"ASC".equals(direction) && !"DESC".equals(direction)) {
				throw StoreException.invalid("The sort direction of \"" + InputBounds.cut(sort.field()) + "\" must be ASC or DESC; got \""
						+ InputBounds.cut(sort.direction()) + "\".");
			}
			order.append(column.sql()).append(' ').append(direction).append(", ");
		}
		return order.append(this.fields.idSql()).append(" ASC").toString();
	}

	private String condition(SearchCriteria.Filter filter) {
		SearchFields.Field field = this.fields.field(filter.field());
		if (field == null) {
			throw StoreException.invalid("Cannot filter " + this.fields.entity() + " by \"" + InputBounds.cut(filter.field())
					+ "\": it is not a searchable field. Searchable fields: " + String.join(", ", this.fields.names())
					+ ".");
		}
		Condition condition = Condition.of(filter.conditionType().toLowerCase(Locale.ROOT));
		if (condition == null) {
			throw StoreException.invalid("Unknown condition_type \"" + InputBounds.cut(filter.conditionType()) + "\" for field \""
					+ InputBounds.cut(filter.field()) + "\"; use one of: " + Condition.codes() + ".");
		}
		if (condition.isLike() && field.type() != SearchFields.Type.TEXT) {
			throw StoreException.invalid("The condition \"" + condition.code + "\" applies to text fields only; \""
					+ InputBounds.cut(filter.field()) + "\" is a " + field.type().name().toLowerCase(Locale.ROOT) + " field.");
		}
		if (field instanceof SearchFields.Column column) {
			return compare(column.sql(), column.type(), condition, filter);
		}
		SearchFields.Related related = (SearchFields.Related) field;
		String owner = related.owner();
		if (related.key() != null) {
			String key = nextParam();
			this.params.put(key, related.key());
			owner = owner.replace(":key", ":" + key);
		}
		String subquery = "SELECT 1 FROM " + related.from() + " WHERE " + owner;
		if (condition == Condition.NULL) {
			return "NOT EXISTS (" + subquery + ")";
		}
		if (condition == Condition.NOTNULL) {
			return "EXISTS (" + subquery + ")";
		}
		if (related.excludeByAbsence() && (condition == Condition.NEQ || condition == Condition.NIN)) {
			Condition positive = (condition == Condition.NEQ) ? Condition.EQ : Condition.IN;
			return "NOT EXISTS (" + subquery + " AND " + compare(related.value(), related.type(), positive, filter) + ")";
		}
		return "EXISTS (" + subquery + " AND " + compare(related.value(), related.type(), condition, filter) + ")";
	}

	private String compare(String sql, SearchFields.Type type, Condition condition, SearchCriteria.Filter filter) {
		String expression = (type == SearchFields.Type.TEXT) ? "LOWER(" + sql + ")" : sql;
		if (condition == Condition.NULL) {
			return sql + " IS NULL";
		}
		if (condition == Condition.NOTNULL) {
			return sql + " IS NOT NULL";
		}
		if (filter.value() == null) {
			throw StoreException.invalid("The filter on \"" + InputBounds.cut(filter.field()) + "\" with condition \"" + condition.code
					+ "\" needs a value.");
		}
		String param = nextParam();
		if (condition.takesList()) {
			List<Object> values = new ArrayList<>();
			for (String part : filter.value().split(",")) {
				if (!part.isBlank()) {
					values.add(parse(part.strip(), type, filter));
				}
			}
			if (values.isEmpty()) {
				throw StoreException.invalid("The filter on \"" + InputBounds.cut(filter.field()) + "\" with condition \"" + condition.code
						+ "\" needs comma-separated values; got \"" + InputBounds.cut(filter.value()) + "\".");
			}
			this.params.put(param, values);
			return expression + " " + condition.operator + " (:" + param + ")";
		}
		this.params.put(param, parse(condition.isLike() ? filter.value() : filter.value().strip(), type, filter));
		return expression + " " + condition.operator + " :" + param;
	}

	private String nextParam() {
		return "search" + this.params.size();
	}

	private static Object parse(String value, SearchFields.Type type, SearchCriteria.Filter filter) {
		switch (type) {
			case TEXT:
				return value.toLowerCase(Locale.ROOT);
			case NUMBER:
				// bounded before anything computes with it: "1e-999999999" bound as a parameter fails in the database
				BigDecimal number = InputBounds.decimal(value);
				if (number == null) {
					throw invalidValue(filter, value, InputBounds.decimalRule());
				}
				return (number.stripTrailingZeros().scale() <= 0) ? (Object) number.longValueExact() : number;
			case BOOLEAN:
				if ("1".equals(value) || "true".equalsIgnoreCase(value)) {
					return Boolean.TRUE;
				}
				if ("0".equals(value) || "false".equalsIgnoreCase(value)) {
					return Boolean.FALSE;
				}
				throw invalidValue(filter, value, "1, 0, true or false");
			case TIMESTAMP:
				return timestamp(value, filter);
			case DATE:
				try {
					return LocalDate.parse(value);
				}
				catch (DateTimeParseException ex) {
					throw invalidValue(filter, value, "a date (yyyy-MM-dd)");
				}
			default:
				throw new IllegalStateException("Unknown field type " + type);
		}
	}

	private static OffsetDateTime timestamp(String value, SearchCriteria.Filter filter) {
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
			}
			if (value.length() == 19 && value.charAt(10) == ' ') {
				return LocalDateTime.parse(value, MAGENTO_TIME).atOffset(ZoneOffset.UTC);
			}
			if (value.length() == 19) {
				return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
			}
			return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw invalidValue(filter, value, "a time (yyyy-MM-dd HH:mm:ss in UTC, ISO-8601, or yyyy-MM-dd)");
		}
	}

	private static StoreException invalidValue(SearchCriteria.Filter filter, String value, String expected) {
		return StoreException.invalid("The filter on \"" + InputBounds.cut(filter.field()) + "\" needs " + expected + "; got "
				+ InputBounds.shown(value) + ".");
	}

}
