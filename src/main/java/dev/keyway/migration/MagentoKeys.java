package dev.keyway.migration;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment keys of a Magento installation, from {@code 'crypt' => ['key' => '...']} in
 * {@code app/etc/env.php}: several keys separated by white space, the last one current (Magento's
 * {@code Encryptor} numbers them 0, 1, ...). A key written as {@code base64<...>} (Magento 2.4.7+)
 * stands for the decoded bytes; any other key is used as its own bytes.
 * <p>
 * Hand-written: env.php is PHP source, and no Java library evaluates PHP; only this one literal is
 * needed, in the two array syntaxes Magento's config writer and merchants use.
 */
record MagentoKeys(List<byte[]> keys) {

	static final String BASE64_PREFIX = "base64";

	private static final Pattern CRYPT_KEY = Pattern.compile(
			"(['\"])crypt\\1\\s*=>\\s*(?:\\[|array\\s*\\()\\s*(['\"])key\\2\\s*=>\\s*(['\"])((?:\\\\.|(?!\\3).)*)\\3",
			Pattern.DOTALL);

	static MagentoKeys fromEnvFile(Path envPhp) {
		return fromEnvFile(envPhp, envPhp.toString());
	}

	/** Reads {@code envPhp}; messages name it {@code name} (an upload's own name, not its temporary copy). */
	static MagentoKeys fromEnvFile(Path envPhp, String name) {
		String source;
		try {
			source = Files.readString(envPhp, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new MagentoImportException("Cannot read the env.php file " + name + ": no such file", ex);
		}
		catch (AccessDeniedException ex) {
			throw new MagentoImportException("Cannot read the env.php file " + name + ": permission denied", ex);
		}
		catch (IOException ex) {
			throw new MagentoImportException("Cannot read the env.php file " + name + ": " + ex.getMessage(), ex);
		}
		Matcher matcher = CRYPT_KEY.matcher(source);
		if (!matcher.find()) {
			throw new MagentoImportException("The env.php file " + name
					+ " holds no 'crypt' => ['key' => '...'] entry; give the app/etc/env.php of the Magento deployment");
		}
		return parse(unescape(matcher.group(4), matcher.group(3).charAt(0)));
	}

	/** Keys as Magento's {@code Encryptor} splits them: {@code preg_split('/\s+/', trim($value))}. */
	static MagentoKeys parse(String value) {
		List<byte[]> keys = new ArrayList<>();
		for (String key : value.strip().split("\\s+")) {
			if (key.isEmpty()) {
				continue;
			}
			keys.add(key.startsWith(BASE64_PREFIX) ? decoded(key, keys.size() + 1) : key.getBytes(StandardCharsets.ISO_8859_1));
		}
		if (keys.isEmpty()) {
			throw new MagentoImportException("The 'crypt' key of env.php is empty; Magento's deployment key is needed");
		}
		return new MagentoKeys(List.copyOf(keys));
	}

	/** A {@code base64...} key's bytes; refused naming its position, never its value (a secret). */
	private static byte[] decoded(String key, int position) {
		try {
			return Base64.getDecoder().decode(key.substring(BASE64_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new MagentoImportException("Key " + position + " of the 'crypt' entry starts with 'base64' but the rest "
					+ "is not Base64; Magento 2.4.7+ writes 'base64' and the key's 32 bytes in Base64", ex);
		}
	}

	/** The key of a version, as an encrypted value names it. */
	byte[] version(int version) {
		if (version < 0 || version >= this.keys.size()) {
			throw new MagentoImportException("A value is encrypted with key version " + version + " but env.php holds "
					+ this.keys.size() + " key(s) (versions 0.." + (this.keys.size() - 1) + ")");
		}
		return this.keys.get(version);
	}

	private static String unescape(String literal, char quote) {
		if (quote == '\'') {
			return literal.replace("\\'", "'").replace("\\\\", "\\");
		}
		return literal.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
	}

	@Override
	public String toString() {
		return "MagentoKeys[" + this.keys.size() + " key(s), values hidden]";
	}

}
