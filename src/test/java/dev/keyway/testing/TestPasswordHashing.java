package dev.keyway.testing;

import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The production password encoder (Spring Security's delegating encoder, bcrypt by default) with
 * bcrypt's work factor at its minimum, 4 instead of 10, for every test context and
 * {@link KeywayNode}: the same {@code {bcrypt}} hashes through the same code, about 1 ms per check
 * instead of about 65 ms on the 2-core test machine, where the suite checks admin passwords hundreds
 * of times (sign-ins, "your password", lock-out counts). Hashes of any other prefix, and bcrypt hashes
 * of another work factor, are still checked by the production encoder.
 */
public final class TestPasswordHashing {

	/** bcrypt's smallest work factor ({@code log2} of the rounds). */
	static final int WORK_FACTOR = 4;

	private TestPasswordHashing() {
	}

	public static PasswordEncoder encoder() {
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt",
				Map.of("bcrypt", new BCryptPasswordEncoder(WORK_FACTOR)));
		encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
		return encoder;
	}

	/** Registers {@link #encoder()} as the primary {@link PasswordEncoder} of a context being prepared. */
	public static void register(BeanDefinitionRegistry registry) {
		RootBeanDefinition definition = new RootBeanDefinition(PasswordEncoder.class, TestPasswordHashing::encoder);
		definition.setPrimary(true);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition("testPasswordEncoder", definition);
	}

}
