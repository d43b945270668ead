package dev.keyway;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Keyway: the Integrations capability of Magento 2 (OAuth 1.0a credentials, ACL grants, guest
 * access) for a commerce Web API. Modules are the direct sub-packages; see DEVELOPERS.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class KeywayApplication {

	public static void main(String[] args) {
		SpringApplication.run(KeywayApplication.class, args);
	}

	/** The one clock every module reads, so tests can move time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
