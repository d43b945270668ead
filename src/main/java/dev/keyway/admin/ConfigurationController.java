package dev.keyway.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.settings.InvalidSettingException;
import dev.keyway.settings.InvalidSettingsException;
import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.settings.SettingsService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Stores › Settings › Configuration › Services › Magento Web API and OAuth (SPEC 2.8): the runtime
 * settings of one page in their groups, validated (messages name the field by its label), saved together with Save Config, effective at
 * once on every node.
 */
@AdminUi
@Controller
class ConfigurationController {

	/** A group of fields as the page shows it. */
	record GroupView(Setting.Group group, List<Setting> settings) {
	}

	private final RuntimeSettings settings;

	private final SettingsService service;

	private final AdminText text;

	private final SettingMessages messages;

	ConfigurationController(RuntimeSettings settings, SettingsService service, AdminText text,
			SettingMessages messages) {
		this.settings = settings;
		this.service = service;
		this.text = text;
		this.messages = messages;
	}

	@GetMapping("/admin/config")
	String index() {
		return AdminPaths.redirect(AdminPaths.CONFIG_WEBAPI);
	}

	@GetMapping("/admin/config/{page}")
	String page(@PathVariable String page, Model model, RedirectAttributes redirect) {
		if (!isPage(page)) {
			return AdminPaths.redirect(AdminPaths.CONFIG_WEBAPI);
		}
		Map<String, String> values = new LinkedHashMap<>();
		this.settings.all().forEach((setting, value) -> values.put(setting.path(), value));
		return render(page, values, Map.of(), model);
	}

	@PostMapping("/admin/config/{page}")
	String save(@PathVariable String page, @RequestParam Map<String, String> submitted, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		if (!isPage(page)) {
			return AdminPaths.redirect(AdminPaths.CONFIG_WEBAPI);
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (GroupView group : groups(page)) {
			for (Setting setting : group.settings()) {
				values.put(setting.path(), submitted.getOrDefault(setting.path(), ""));
			}
		}
		try {
			this.service.update(values, CurrentAdmin.actor(request));
		}
		catch (InvalidSettingsException ex) {
			Map<String, String> errors = new LinkedHashMap<>();
			for (InvalidSettingException error : ex.errors()) {
				errors.put(error.path(), this.messages.of(error));
			}
			Map<String, String> shown = new LinkedHashMap<>();
			this.settings.all().forEach((setting, value) -> shown.put(setting.path(), value));
			shown.putAll(values);
			return render(page, shown, errors, model);
		}
		Flash.success(redirect, this.text.get("config.saved"));
		return AdminPaths.redirect("/admin/config/" + page);
	}

	private String render(String page, Map<String, String> values, Map<String, String> errors, Model model) {
		model.addAttribute("configPage", page);
		model.addAttribute("groups", groups(page));
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		return AdminViews.CONFIG;
	}

	static List<GroupView> groups(String page) {
		Map<Setting.Group, List<Setting>> byGroup = new LinkedHashMap<>();
		for (Setting setting : Setting.values()) {
			if (setting.group().page().equals(page)) {
				byGroup.computeIfAbsent(setting.group(), (g) -> new ArrayList<>()).add(setting);
			}
		}
		List<GroupView> groups = new ArrayList<>();
		byGroup.forEach((group, settings) -> groups.add(new GroupView(group, settings)));
		return groups;
	}

	private static boolean isPage(String page) {
		return "webapi".equals(page) || "oauth".equals(page);
	}

}
