package dev.keyway.admin;

import dev.keyway.gateway.GatewayCatalog;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * System › Extensions › Upstreams (gateway): the upstreams and routes of the gateway file, read-only
 * like declared integrations (issue 15.6). Not found when Keyway runs without a gateway file.
 */
@AdminUi
@Controller
class GatewayController {

	private final GatewayCatalog gateway;

	GatewayController(GatewayCatalog gateway) {
		this.gateway = gateway;
	}

	@GetMapping(AdminPaths.GATEWAY)
	String list(Model model) {
		if (!this.gateway.configured()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("upstreams", this.gateway.upstreams());
		return AdminViews.GATEWAY;
	}

}
