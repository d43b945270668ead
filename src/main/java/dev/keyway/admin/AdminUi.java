package dev.keyway.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * On every bean of the admin UI: none of them exists on an API node ({@code keyway.admin.enabled=false},
 * docs/DEPLOYMENT.md § 9), which serves the Web API, the token endpoints and the gateway without the admin's
 * pages, sign-in, sessions and templates. {@code ApiNodeTests} fails when a bean of this package lacks it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = AdminUi.ENABLED, matchIfMissing = true)
public @interface AdminUi {

	/** The switch; {@code dev.keyway.AdminSwitch} checks its value before anything starts. */
	String ENABLED = "keyway.admin.enabled";

}
