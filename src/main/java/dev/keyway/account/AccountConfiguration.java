package dev.keyway.account;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing: Spring Security's delegating encoder (bcrypt today, upgradable by prefix). */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** How much sign-in costs this node: password checks run, attempts refused for their source address. */
	@Bean
	MeterBinder signInMeters(AdminAccounts accounts) {
		return (registry) -> {
			FunctionCounter.builder("keyway.admin.sign-in.password-checks", accounts, AdminAccounts::passwordChecks)
				.description("Admin password checks (slow hashes) run by this node")
				.register(registry);
			FunctionCounter.builder("keyway.admin.sign-in.throttled", accounts, AdminAccounts::throttledSignIns)
				.description("Admin sign-in attempts refused because their source address made too many")
				.register(registry);
		};
	}

}
