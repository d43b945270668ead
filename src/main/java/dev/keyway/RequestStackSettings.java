package dev.keyway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The per-request cost of the framework around every call. Keyway sits on every Web API call, so the
 * benchmark's profile decided these:
 * <ul>
 * <li>Spring Security's observations wrap each filter of each chain in a Micrometer observation
 * (about a third of a guest call's CPU); HTTP request metrics stay, from Spring's observation filter
 * (and, for the Web API and the verify-only endpoints, from {@code webapi.CallMetrics}).</li>
 * <li>The firewall's default header checks run a Unicode regular expression over every character of
 * every header it hands out (an OAuth header is ~300 characters: 13 % of a signed call). The same
 * rule — assigned, non-control characters — as a plain loop.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class RequestStackSettings {

	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(RequestStackSettings::printable);
		firewall.setAllowedHeaderValues(RequestStackSettings::printable);
		return firewall;
	}

	/**
	 * Hand-written for speed (BENCHMARKS, "Hand-tuned pieces"): StrictHttpFirewall's default rule,
	 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, over code points as the regular expression reads
	 * them; ASCII, nearly every header character, takes two comparisons.
	 */
	static boolean printable(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				if (c < 0x20 || c == 0x7f) {
					return false;
				}
				continue;
			}
			int codePoint = c;
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				codePoint = Character.toCodePoint(c, text.charAt(++i));
			}
			if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
				return false;
			}
		}
		return true;
	}

}
