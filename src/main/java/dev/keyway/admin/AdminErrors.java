package dev.keyway.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** The admin's answer when the database cannot be reached: 503 with a page that says so. */
@AdminUi
@ControllerAdvice(basePackageClasses = AdminErrors.class)
class AdminErrors {

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	String unavailable(HttpServletResponse response, Model model) {
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", "5");
		model.addAttribute("status", 503);
		model.addAttribute("unavailable", true);
		return "error";
	}

}
