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

/** JDBC store of CMS blocks and their store views; identifiers are unique by constraint. */
@Repository
class CmsBlockStore {

	static final String IDENTIFIER_CONSTRAINT = "uq_cms_blocks_identifier";

	static final String STORE_CONSTRAINT = "fk_cms_block_stores_store";

	/** A block row, without its store views. */
	record Row(long id, String identifier, String title, String content, boolean active, Instant creationTime,
			Instant updateTime) {
	}

	static final SearchFields FIELDS = SearchFields.of("CMS blocks", "b.id")
		.column("block_id", "b.id", SearchFields.Type.NUMBER)
		.column("id", "b.id", SearchFields.Type.NUMBER)
		.column("identifier", "b.identifier", SearchFields.Type.TEXT)
		.column("title", "b.title", SearchFields.Type.TEXT)
		.column("content", "b.content", SearchFields.Type.TEXT)
		.column("is_active", "b.is_active", SearchFields.Type.BOOLEAN)
		.column("active", "b.is_active", SearchFields.Type.BOOLEAN)
		.column("creation_time", "b.creation_time", SearchFields.Type.TIMESTAMP)
		.column("update_time", "b.update_time", SearchFields.Type.TIMESTAMP)
		.related("store_id", new SearchFields.Related("cms_block_stores bs", "bs.block_id = b.id", null, "bs.store_id",
				SearchFields.Type.NUMBER, true))
		.build();

	private static final String SELECT = """
			SELECT b.id, b.identifier, b.title, b.content, b.is_active, b.creation_time, b.update_time
			FROM cms_blocks b
			""";

	private final JdbcClient jdbc;

	CmsBlockStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(long id) {
		return this.jdbc.sql(SELECT + "WHERE b.id = :id").param("id", id).query(CmsBlockStore::row).optional();
	}

	List<Row> search(SqlSearch search) {
		return search.bind(this.jdbc.sql(SELECT + search.where() + search.orderBy() + search.page()))
			.query(CmsBlockStore::row)
			.list();
	}

	long count(SqlSearch search) {
		return search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM cms_blocks b" + search.where()))
			.query(Long.class)
			.single();
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("identifier"), rs.getString("title"), rs.getString("content"),
				rs.getBoolean("is_active"), ProductStore.instant(rs, "creation_time"),
				ProductStore.instant(rs, "update_time"));
	}

	Map<Long, List<Integer>> storeIds(Collection<Long> blockIds) {
		Map<Long, List<Integer>> byBlock = new LinkedHashMap<>();
		if (!blockIds.isEmpty()) {
			this.jdbc
				.sql("SELECT block_id, store_id FROM cms_block_stores WHERE block_id IN (:ids) ORDER BY block_id, store_id")
				.param("ids", blockIds)
				.query((ResultSet rs) -> {
					byBlock.computeIfAbsent(rs.getLong("block_id"), (k) -> new ArrayList<>()).add(rs.getInt("store_id"));
				});
		}
		return byBlock;
	}

	long insert(Row block, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		bind(this.jdbc.sql("""
				INSERT INTO cms_blocks (identifier, title, content, is_active, creation_time, update_time)
				VALUES (:identifier, :title, :content, :active, :now, :now)
				"""), block, now).update(keys, "id");
		return keys.getKey().longValue();
	}

	void update(Row block, Instant now) {
		bind(this.jdbc.sql("""
				UPDATE cms_blocks
				SET identifier = :identifier, title = :title, content = :content, is_active = :active, update_time = :now
				WHERE id = :id
				"""), block, now).param("id", block.id()).update();
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Row block, Instant now) {
		return statement.param("identifier", block.identifier())
			.param("title", block.title())
			.param("content", block.content(), java.sql.Types.VARCHAR)
			.param("active", block.active())
			.param("now", ProductStore.utc(now));
	}

	void replaceStores(long blockId, List<Integer> storeIds) {
		this.jdbc.sql("DELETE FROM cms_block_stores WHERE block_id = :id").param("id", blockId).update();
		for (Integer storeId : storeIds) {
			this.jdbc.sql("INSERT INTO cms_block_stores (block_id, store_id) VALUES (:id, :store)")
				.param("id", blockId)
				.param("store", storeId)
				.update();
		}
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM cms_blocks WHERE id = :id").param("id", id).update() > 0;
	}

}
