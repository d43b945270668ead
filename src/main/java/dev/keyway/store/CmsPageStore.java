package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** JDBC store of CMS pages and their store views; identifiers are unique by constraint. */
@Repository
class CmsPageStore {

	static final String IDENTIFIER_CONSTRAINT = "uq_cms_pages_identifier";

	static final String STORE_CONSTRAINT = "fk_cms_page_stores_store";

	/** A page row, without its store views. */
	record Row(long id, String identifier, String title, String pageLayout, String metaTitle, String metaKeywords,
			String metaDescription, String contentHeading, String content, int sortOrder, boolean active,
			Instant creationTime, Instant updateTime) {
	}

	static final SearchFields FIELDS = SearchFields.of("CMS pages", "c.id")
		.column("page_id", "c.id", SearchFields.Type.NUMBER)
		.column("id", "c.id", SearchFields.Type.NUMBER)
		.column("identifier", "c.identifier", SearchFields.Type.TEXT)
		.column("title", "c.title", SearchFields.Type.TEXT)
		.column("page_layout", "c.page_layout", SearchFields.Type.TEXT)
		.column("meta_title", "c.meta_title", SearchFields.Type.TEXT)
		.column("meta_keywords", "c.meta_keywords", SearchFields.Type.TEXT)
		.column("meta_description", "c.meta_description", SearchFields.Type.TEXT)
		.column("content_heading", "c.content_heading", SearchFields.Type.TEXT)
		.column("content", "c.content", SearchFields.Type.TEXT)
		.column("sort_order", "c.sort_order", SearchFields.Type.NUMBER)
		.column("is_active", "c.is_active", SearchFields.Type.BOOLEAN)
		.column("active", "c.is_active", SearchFields.Type.BOOLEAN)
		.column("creation_time", "c.creation_time", SearchFields.Type.TIMESTAMP)
		.column("update_time", "c.update_time", SearchFields.Type.TIMESTAMP)
		.related("store_id", new SearchFields.Related("cms_page_stores ps", "ps.page_id = c.id", null, "ps.store_id",
				SearchFields.Type.NUMBER, true))
		.build();

	private static final String SELECT = """
			SELECT c.id, c.identifier, c.title, c.page_layout, c.meta_title, c.meta_keywords, c.meta_description,
			       c.content_heading, c.content, c.sort_order, c.is_active, c.creation_time, c.update_time
			FROM cms_pages c
			""";

	private final JdbcClient jdbc;

	CmsPageStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(long id) {
		return this.jdbc.sql(SELECT + "WHERE c.id = :id").param("id", id).query(CmsPageStore::row).optional();
	}

	List<Row> search(SqlSearch search) {
		return search.bind(this.jdbc.sql(SELECT + search.where() + search.orderBy() + search.page()))
			.query(CmsPageStore::row)
			.list();
	}

	long count(SqlSearch search) {
		return search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM cms_pages c" + search.where()))
			.query(Long.class)
			.single();
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("identifier"), rs.getString("title"), rs.getString("page_layout"),
				rs.getString("meta_title"), rs.getString("meta_keywords"), rs.getString("meta_description"),
				rs.getString("content_heading"), rs.getString("content"), rs.getInt("sort_order"),
				rs.getBoolean("is_active"), ProductStore.instant(rs, "creation_time"),
				ProductStore.instant(rs, "update_time"));
	}

	Map<Long, List<Integer>> storeIds(Collection<Long> pageIds) {
		Map<Long, List<Integer>> byPage = new LinkedHashMap<>();
		if (!pageIds.isEmpty()) {
			this.jdbc.sql("SELECT page_id, store_id FROM cms_page_stores WHERE page_id IN (:ids) ORDER BY page_id, store_id")
				.param("ids", pageIds)
				.query((ResultSet rs) -> {
					byPage.computeIfAbsent(rs.getLong("page_id"), (k) -> new ArrayList<>()).add(rs.getInt("store_id"));
				});
		}
		return byPage;
	}

	long insert(Row page, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		bind(this.jdbc.sql("""
				INSERT INTO cms_pages (identifier, title, page_layout, meta_title, meta_keywords, meta_description,
				                       content_heading, content, sort_order, is_active, creation_time, update_time)
				VALUES (:identifier, :title, :layout, :metaTitle, :metaKeywords, :metaDescription, :heading, :content,
				        :sortOrder, :active, :now, :now)
				"""), page, now).update(keys, "id");
		return keys.getKey().longValue();
	}

	void update(Row page, Instant now) {
		bind(this.jdbc.sql("""
				UPDATE cms_pages
				SET identifier = :identifier, title = :title, page_layout = :layout, meta_title = :metaTitle,
				    meta_keywords = :metaKeywords, meta_description = :metaDescription, content_heading = :heading,
				    content = :content, sort_order = :sortOrder, is_active = :active, update_time = :now
				WHERE id = :id
				"""), page, now).param("id", page.id()).update();
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Row page, Instant now) {
		return statement.param("identifier", page.identifier())
			.param("title", page.title())
			.param("layout", page.pageLayout(), java.sql.Types.VARCHAR)
			.param("metaTitle", page.metaTitle(), java.sql.Types.VARCHAR)
			.param("metaKeywords", page.metaKeywords(), java.sql.Types.VARCHAR)
			.param("metaDescription", page.metaDescription(), java.sql.Types.VARCHAR)
			.param("heading", page.contentHeading(), java.sql.Types.VARCHAR)
			.param("content", page.content(), java.sql.Types.VARCHAR)
			.param("sortOrder", page.sortOrder())
			.param("active", page.active())
			.param("now", ProductStore.utc(now));
	}

	void replaceStores(long pageId, List<Integer> storeIds) {
		this.jdbc.sql("DELETE FROM cms_page_stores WHERE page_id = :id").param("id", pageId).update();
		for (Integer storeId : storeIds) {
			this.jdbc.sql("INSERT INTO cms_page_stores (page_id, store_id) VALUES (:id, :store)")
				.param("id", pageId)
				.param("store", storeId)
				.update();
		}
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM cms_pages WHERE id = :id").param("id", id).update() > 0;
	}

}
