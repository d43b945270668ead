package dev.keyway.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test class whose run does not depend on the suite's database: no Spring test context, no
 * {@link TestDatabases#newDatabase()} (plain units, or tests that bring their own H2 or file).
 * The PostgreSQL pass ({@code postgres-test} in pom.xml) leaves out this tag: there it would repeat
 * the very same run a second time. {@link DatabaseIndependentTests} checks that a class with it
 * reaches for no database of the suite's kind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(DatabaseIndependent.TAG)
public @interface DatabaseIndependent {

	/** The JUnit tag, excluded by the PostgreSQL pass. */
	String TAG = "database-independent";

}
