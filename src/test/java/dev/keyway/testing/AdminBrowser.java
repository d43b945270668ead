package dev.keyway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian {@code chromium} driven by {@code chromium-driver} through Selenium, pointed at
 * a running Keyway: sign in, open admin pages, wait for elements, fill the integration form, and
 * save screenshots to {@code docs/screenshots/}. Nothing is downloaded: the browser and the driver
 * are given by path ({@code CHROME_BIN}, {@code CHROMEDRIVER}, defaults {@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}), so Selenium Manager never runs. A missing browser fails the test
 * with a message saying what to install; it is never skipped.
 */
public final class AdminBrowser implements AutoCloseable {

	/** How long explicit waits wait. */
	public static final Duration WAIT = Duration.ofSeconds(15);

	/**
	 * How often explicit waits look again: Selenium's default is 500 ms, so a page that is ready 10 ms
	 * after the first look cost half a second; a look is one local round trip to chromedriver.
	 */
	static final Duration POLL = Duration.ofMillis(25);

	private static final String DEFAULT_CHROME = "/usr/bin/chromium";

	private static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

	private final ChromeDriver driver;

	private final ChromeDriverService service;

	private final Path userDataDir;

	private final String base;

	private AdminBrowser(ChromeDriver driver, ChromeDriverService service, Path userDataDir, String base) {
		this.driver = driver;
		this.service = service;
		this.userDataDir = userDataDir;
		this.base = base;
	}

	/** Starts a headless browser for the server on {@code port} (always addressed as {@code localhost}). */
	public static AdminBrowser start(int port) {
		return start(port, false);
	}

	/**
	 * Starts a headless browser whose pop-up blocker is on, as in a browser people use: ChromeDriver
	 * passes {@code --disable-popup-blocking} unless told not to, so a popup opened on page load
	 * would pass in a test and be blocked for every admin.
	 */
	public static AdminBrowser startWithPopupBlocker(int port) {
		return start(port, true);
	}

	private static AdminBrowser start(int port, boolean blockPopups) {
		String chrome = env("CHROME_BIN", DEFAULT_CHROME);
		String chromedriver = env("CHROMEDRIVER", DEFAULT_DRIVER);
		requireExecutable(chrome, "CHROME_BIN", "chromium");
		requireExecutable(chromedriver, "CHROMEDRIVER", "chromium-driver");
		Path userDataDir;
		try {
			userDataDir = Files.createTempDirectory("keyway-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.setProperty("webdriver.chrome.driver", chromedriver);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chrome);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,800", "--user-data-dir=" + userDataDir,
				// Chrome 134+ sometimes answers "Node with given id does not belong to the document"
				// right after a navigation; deferring renderer tasks after input is the known trigger
				"--disable-features=DeferRendererTasksAfterInput", "--password-store=basic");
		// no password-manager or leaked-password bubbles over the sign-in form
		options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
				"profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false));
		if (blockPopups) {
			options.setExperimentalOption("excludeSwitches", List.of("disable-popup-blocking"));
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
		return new AdminBrowser(driver, service, userDataDir, "http://localhost:" + port);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static void requireExecutable(String path, String variable, String debianPackage) {
		if (!Files.isExecutable(Paths.get(path))) {
			throw new IllegalStateException("The browser tests need " + path + " (Debian package '" + debianPackage
					+ "', installed by .ci/run; or set " + variable + " to another path). Install it with: apt-get install -y "
					+ debianPackage);
		}
	}

	public WebDriver driver() {
		return this.driver;
	}

	public String url(String path) {
		return this.base + path;
	}

	/** Opens an admin page (path like {@code /admin/integrations}). */
	public AdminBrowser open(String path) {
		this.driver.get(url(path));
		return this;
	}

	/** Signs out (forgets the session) and signs in through the login form; waits for the next page. */
	public AdminBrowser signIn(String username, String password) {
		signOut();
		open("/admin/login");
		submitLogin(username, password);
		return this;
	}

	/** Fills and submits the sign-in form of the current page; waits until the form was submitted. */
	public void submitLogin(String username, String password) {
		WebElement submit = againWhenReplaced(() -> {
			waitForLoad();
			WebElement button = waitVisible(By.id("login-submit"));
			type(By.id("username"), username);
			type(By.id("password"), password);
			return button;
		});
		submit.click();
		until(replaced(submit));
		waitForLoad();
	}

	/** Waits until the current document finished loading. */
	public void waitForLoad() {
		waitUntil((d) -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
	}

	/** Forgets the session cookie: the next admin page asks to sign in. */
	public void signOut() {
		if (this.driver.getCurrentUrl() == null || !this.driver.getCurrentUrl().startsWith(this.base)) {
			open("/admin/assets/keyway.svg");
		}
		this.driver.manage().deleteAllCookies();
	}

	/** Signs in as {@code username} unless an admin page opens without asking. */
	public AdminBrowser ensureSignedIn(String username, String password) {
		open("/admin/integrations");
		if (this.driver.getCurrentUrl().contains("/admin/login")
				|| !this.driver.findElement(By.cssSelector(".topbar .who")).getText().endsWith(" " + username)) {
			signIn(username, password);
		}
		waitVisible(By.id("integrations-grid"));
		return this;
	}

	public WebElement find(By by) {
		return this.driver.findElement(by);
	}

	public List<WebElement> findAll(By by) {
		return this.driver.findElements(by);
	}

	/**
	 * Waits for {@code condition}, looking every {@link #POLL}. A look that lands while the page is
	 * being replaced can get Chrome's "does not belong to the document" (see {@link #documentReplaced}):
	 * that look counts as not yet, the next one sees the new page.
	 */
	private <T> T until(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, WAIT, POLL).until((d) -> {
			try {
				return condition.apply(d);
			}
			catch (WebDriverException ex) {
				if (documentReplaced(ex) && !(ex instanceof StaleElementReferenceException)) {
					return null;
				}
				throw ex;
			}
		});
	}

	/** The element's document was replaced (a navigation happened), in Selenium's or Chrome's words. */
	private static ExpectedCondition<Boolean> replaced(WebElement element) {
		return (d) -> {
			try {
				element.isEnabled();
				return false;
			}
			catch (WebDriverException ex) {
				if (documentReplaced(ex)) {
					return true;
				}
				throw ex;
			}
		};
	}

	/**
	 * Selenium's stale element, or Chrome's variant of it since Chrome 134 ("Node with given id does
	 * not belong to the document"), which Selenium reports as an unknown error.
	 */
	private static boolean documentReplaced(WebDriverException ex) {
		return ex instanceof StaleElementReferenceException
				|| String.valueOf(ex.getMessage()).contains("does not belong to the document");
	}

	public WebElement waitVisible(By by) {
		return until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	public WebElement waitClickable(By by) {
		return until(ExpectedConditions.elementToBeClickable(by));
	}

	public <T> T waitUntil(Function<WebDriver, T> condition) {
		return until(condition);
	}

	/** Waits for the page at {@code path} (no query) to be the current one and loaded. */
	public void waitForPath(String path) {
		waitUntil((d) -> {
			String current = d.getCurrentUrl();
			int query = current.indexOf('?');
			String withoutQuery = (query >= 0) ? current.substring(0, query) : current;
			return withoutQuery.equals(url(path))
					&& "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"));
		});
	}

	/** Clears a field and types into it. */
	public void type(By by, String text) {
		againWhenReplaced(() -> {
			WebElement field = waitVisible(by);
			field.clear();
			if (text != null && !text.isEmpty()) {
				field.sendKeys(text);
			}
			return field;
		});
	}

	/**
	 * Runs a browser action again (up to three times) when the document was replaced under it, a
	 * page still settling: Selenium's stale element, or Chrome's variant of it since Chrome 134
	 * ("Node with given id does not belong to the document").
	 */
	private <T> T againWhenReplaced(Supplier<T> action) {
		for (int attempt = 1;; attempt++) {
			try {
				return action.get();
			}
			catch (WebDriverException ex) {
				if (!documentReplaced(ex) || attempt == 3) {
					throw ex;
				}
				waitForLoad();
			}
		}
	}

	public void select(By by, String value) {
		new Select(this.driver.findElement(by)).selectByValue(value);
	}

	public String value(By by) {
		return this.driver.findElement(by).getDomProperty("value");
	}

	/** Clicks an element with the mouse (scrolled into view first); it must be visible and enabled. */
	public void click(By by) {
		WebElement element = waitClickable(by);
		script("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	/** Clicks a button that submits a page and waits until the browser left the old page. */
	public void clickAndWaitForNewPage(By by) {
		clickAndWaitForNewPage(waitClickable(by));
	}

	/** Clicks an element that leads to another page and waits until the browser left the old page. */
	public void clickAndWaitForNewPage(WebElement element) {
		WebElement html = this.driver.findElement(By.tagName("html"));
		script("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
		until(replaced(html));
		waitForLoad();
	}

	public void scrollToTop() {
		script("window.scrollTo(0, 0);");
	}

	public Object script(String javascript, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(javascript, arguments);
	}

	/** The text of the first visible message of a kind ({@code success}, {@code error}, {@code notice}). */
	public String message(String kind) {
		return waitVisible(By.cssSelector(".message." + kind)).getText();
	}

	/** The texts of all messages of a kind on the page. */
	public List<String> messages(String kind) {
		return this.driver.findElements(By.cssSelector(".message." + kind)).stream().map(WebElement::getText).toList();
	}

	/** The grid row of the integration called {@code name}, after filtering the grid by that name. */
	public WebElement gridRow(String name) {
		return againWhenReplaced(() -> {
			open("/admin/integrations");
			type(By.id("filter-name"), name);
			clickAndWaitForNewPage(By.cssSelector("form.filters button[type=submit]"));
			WebElement row = rowOnPage(name);
			row.findElement(By.cssSelector(".name")).getText();
			return row;
		});
	}

	/** The row of the integration called {@code name} on the current grid page. */
	public WebElement rowOnPage(String name) {
		return waitUntil((d) -> d.findElements(By.cssSelector("table#integrations-grid tr[data-id]"))
			.stream()
			.filter((row) -> row.findElement(By.cssSelector(".name")).getText().equals(name))
			.findFirst()
			.orElse(null));
	}

	public Set<String> windowHandles() {
		return this.driver.getWindowHandles();
	}

	public void switchTo(String windowHandle) {
		this.driver.switchTo().window(windowHandle);
	}

	/** Saves a PNG of the browser's viewport as {@code docs/screenshots/<name>.png} (overwritten). */
	public Path screenshot(String name) {
		Path target = screenshotDirectory().resolve(name + ".png");
		try {
			Files.createDirectories(target.getParent());
			Files.write(target, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return target;
	}

	/** {@code docs/screenshots} of the project (Maven runs tests in the project directory). */
	public static Path screenshotDirectory() {
		String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
		return Paths.get(basedir, "docs", "screenshots");
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
			deleteRecursively(this.userDataDir);
		}
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the OS cleans it eventually
		}
	}

}
