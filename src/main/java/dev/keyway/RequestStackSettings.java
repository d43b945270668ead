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
 * (about a third of a guest call's CPU); HTTP request metrics stay, from Spring MVC's observation.</li>
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

	/** Hand-written for speed: StrictHttpFirewall's default rule, [\p{IsAssigned}&&[^\p{IsControl}]]*. */
	static boolean printable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				if (c < 0x20 || c == 0x7f) {
					return false;
				}
			}
			else if (Character.isISOControl(c) || !Character.isDefined(c)) {
				return false;
			}
		}
		return true;
	}


}
