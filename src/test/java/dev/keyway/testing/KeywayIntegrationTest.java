package dev.keyway.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port, on a fresh database of the suite's kind (H2 or
 * PostgreSQL). All classes with this annotation share one Spring context: tests must not assume an
 * empty database (use unique names) and must undo clock shifts and setting changes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public @interface KeywayIntegrationTest {
}
