package dev.keyway.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import dev.keyway.migration.ImportReport;
import dev.keyway.migration.MagentoImport;
import dev.keyway.migration.MagentoImportException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * System › Data Transfer › Import from Magento (issue 18): the {@code import-magento} command for an
 * uploaded mysqldump file and env.php (or the pasted crypt key). "Preview" is the dry run, "Import"
 * the import; both are one transaction, audited like the command line's but with the signed-in admin
 * as actor. The uploads go to owner-only temporary files deleted before the answer: a dump with
 * Magento's deployment key decrypts every connector's secrets, so nothing of it is kept, and the
 * Import after a Preview takes the files again. Every admin has full rights (one role, ROLE_ADMIN).
 */
@AdminUi
@Controller
class MagentoImportController {

	static final String REPORT = "importReport";

	/** A pasted crypt key longer than this is no Magento key (bounded before it is parsed). */
	static final int MAX_CRYPT_KEY_LENGTH = 4096;

	/** A longer table prefix is no one's: it is not shown again. */
	static final int MAX_TABLE_PREFIX_KEPT = 100;

	private final MagentoImport importer;

	private final AdminText text;

	private final DataSize maxUploadSize;

	MagentoImportController(MagentoImport importer, AdminText text,
			@Value("${keyway.migration.max-upload-size:256MB}") DataSize maxUploadSize) {
		this.importer = importer;
		this.text = text;
		this.maxUploadSize = maxUploadSize;
	}

	@GetMapping(AdminPaths.MAGENTO_IMPORT)
	String page(Model model) {
		model.addAttribute("maxUploadSize", this.maxUploadSize.toMegabytes() + " MB");
		// the browser checks the chosen files against it before sending them; without the page's script, the
		// server reads past such an upload and says the limit on this page (UploadOverLimit)
		model.addAttribute("maxUploadBytes", this.maxUploadSize.toBytes());
		return AdminViews.MAGENTO_IMPORT;
	}

	@PostMapping(AdminPaths.MAGENTO_IMPORT)
	String run(@RequestParam(name = "dump", required = false) MultipartFile dump,
			@RequestParam(name = "env", required = false) MultipartFile env,
			@RequestParam(name = "cryptKey", defaultValue = "") String cryptKey,
			@RequestParam(name = "tablePrefix", defaultValue = "") String tablePrefix,
			@RequestParam(name = "skipUnknownResources", defaultValue = "false") boolean skipUnknownResources,
			@RequestParam(name = "mode", defaultValue = "preview") String mode, HttpServletRequest request,
			RedirectAttributes redirect) {
		boolean dryRun = !"import".equals(mode);
		// the table prefix is no secret: the page after the redirect shows it again; the crypt key (a
		// secret) is kept nowhere, not even in the session for one page: the page says to type it again
		redirect.addFlashAttribute("tablePrefix", (tablePrefix.length() <= MAX_TABLE_PREFIX_KEPT) ? tablePrefix.strip() : "");
		if (!cryptKey.isBlank()) {
			Flash.notice(redirect, this.text.get("magentoImport.enterKeyAgain"));
		}
		redirect.addFlashAttribute("skipUnknownResources", skipUnknownResources);
		UploadOverLimit.Sent overLimit = UploadOverLimit.of(request);
		String problem = (overLimit != null) ? tooLarge(overLimit) : problem(dump, env, cryptKey);
		if (problem != null) {
			Flash.error(redirect, problem);
			return AdminPaths.redirect(AdminPaths.MAGENTO_IMPORT);
		}
		Path dumpFile = null;
		Path envFile = null;
		try {
			dumpFile = store(dump, ".sql");
			MagentoImport.Keys keys;
			if (isEmpty(env)) {
				keys = new MagentoImport.Keys.CryptKey(cryptKey);
			}
			else {
				envFile = store(env, ".php");
				keys = new MagentoImport.Keys.EnvFile(envFile, uploadedName(env));
			}
			ImportReport report = this.importer.run(
					new MagentoImport.Source(dumpFile, null, null, null, tablePrefix.isBlank() ? null : tablePrefix.strip(),
							uploadedName(dump)),
					keys, new MagentoImport.Options(dryRun, skipUnknownResources), CurrentAdmin.actor(request));
			redirect.addFlashAttribute(REPORT, report);
			Flash.success(redirect, this.text.get(dryRun ? "magentoImport.previewed" : "magentoImport.imported",
					report.integrations().size()));
		}
		catch (MagentoImportException ex) {
			Flash.error(redirect, this.text.get(dryRun ? "magentoImport.previewFailed" : "magentoImport.failed",
					ex.getMessage()));
		}
		catch (IOException ex) {
			Flash.error(redirect, this.text.get("magentoImport.uploadFailed", ex.getMessage()));
		}
		finally {
			delete(dumpFile);
			delete(envFile);
		}
		return AdminPaths.redirect(AdminPaths.MAGENTO_IMPORT);
	}

	/**
	 * An upload over the limit, sent without the page's script (UploadOverLimit read past it): the rule, the
	 * limit and what was sent, as the script says it before sending.
	 */
	private String tooLarge(UploadOverLimit.Sent sent) {
		List<String> files = sent.files()
			.stream()
			.map((file) -> this.text.get("magentoImport.tooLarge.file", quoted(file.name()), megabytes(file.bytes())))
			.toList();
		return this.text.get("magentoImport.tooLarge.sent",
				files.isEmpty() ? megabytes(sent.requestBytes()) : String.join(", ", files),
				megabytes(sent.fileBytes() > 0 ? sent.fileBytes() : sent.requestBytes()),
				this.maxUploadSize.toMegabytes() + " MB");
	}

	/** As the page's script shows a size: megabytes with one decimal. */
	static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
	}

	/** What is missing or contradictory in the form, as the rule and the value; null when nothing. */
	private String problem(MultipartFile dump, MultipartFile env, String cryptKey) {
		if (isEmpty(dump)) {
			return this.text.get("magentoImport.error.noDump");
		}
		if (isEmpty(env) == cryptKey.isBlank()) {
			return this.text.get(isEmpty(env) ? "magentoImport.error.noKey" : "magentoImport.error.bothKeys");
		}
		if (cryptKey.length() > MAX_CRYPT_KEY_LENGTH) {
			return this.text.get("magentoImport.error.keyTooLong", MAX_CRYPT_KEY_LENGTH, cryptKey.length());
		}
		return null;
	}

	/**
	 * The upload's own file name, as messages name the dump and env.php (not the temporary copy's path): without
	 * a client's folders or control characters, bounded, quoted.
	 */
	static String uploadedName(MultipartFile upload) {
		return quoted(upload.getOriginalFilename());
	}

	private static String quoted(String original) {
		String name = (original != null) ? original : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replaceAll("\\p{Cntrl}", "").strip();
		return "'" + (name.isEmpty() ? "(no name)" : GuardrailText.bounded(name)) + "'";
	}

	private static boolean isEmpty(MultipartFile file) {
		return file == null || file.isEmpty();
	}

	/** Copies an upload into an owner-only temporary file (POSIX: rw-------, as createTempFile makes it). */
	private static Path store(MultipartFile upload, String suffix) throws IOException {
		Path file = Files.createTempFile("keyway-magento-", suffix);
		try {
			upload.transferTo(file);
			return file;
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
	}

	private static void delete(Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			file.toFile().deleteOnExit();
		}
	}

}
