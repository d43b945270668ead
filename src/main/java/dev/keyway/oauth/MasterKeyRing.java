package dev.keyway.oauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 keys that protect secrets at rest. The first key is active (it encrypts and hashes);
 * the others are retired and only read older values until a re-encryption moved them over.
 * A key's id is derived from its bytes, so a key file needs no names and ids never clash.
 */
final class MasterKeyRing {

	private static final Logger log = LoggerFactory.getLogger(MasterKeyRing.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/** One key: its id, the AES key and the derived key for token hashes. */
	record Key(String id, SecretKeySpec aes, SecretKeySpec hashKey) {
	}

	private static final String MASTER_KEYS = "keyway.crypto.master-keys";

	private final List<Key> keys;

	private MasterKeyRing(List<byte[]> material) {
		if (material.isEmpty()) {
			throw new IllegalStateException("The master key ring is empty: configure keyway.crypto.master-keys or a key file");
		}
		List<Key> built = new ArrayList<>();
		for (byte[] bytes : material) {
			built.add(toKey(bytes));
		}
		this.keys = List.copyOf(built);
	}

	static MasterKeyRing of(List<byte[]> material) {
		return new MasterKeyRing(material);
	}

	Key active() {
		return this.keys.get(0);
	}

	List<Key> all() {
		return this.keys;
	}

	Optional<Key> byId(String id) {
		return this.keys.stream().filter((key) -> key.id().equals(id)).findFirst();
	}

	/** Reads the ring from configuration, or from the key file, creating the file when missing. */
	static MasterKeyRing load(CryptoProperties properties) {
		if (!properties.masterKeys().isEmpty()) {
			List<byte[]> material = parse(properties.masterKeys().split(","), MASTER_KEYS);
			if (material.isEmpty()) {
				throw new IllegalStateException(MASTER_KEYS + ": no key in it; give one or more base64 keys of 32 bytes, "
						+ "separated by commas");
			}
			return new MasterKeyRing(material);
		}
		Path file = properties.masterKeyFile();
		if (file == null) {
			throw new IllegalStateException(MASTER_KEYS + " or keyway.crypto.master-key-file: set one of them");
		}
		if (Files.notExists(file)) {
			writeNewFile(file, List.of(newKeyMaterial()));
			log.warn("Generated a new master key in {} (owner-only). Back it up: without it the stored secrets "
					+ "cannot be read. Every node of a deployment needs the same key.", file.toAbsolutePath());
		}
		return readFile(file);
	}

	/** Puts a fresh active key at the top of the key file and returns the new ring. */
	static MasterKeyRing rotateFile(Path file) {
		MasterKeyRing current = readFile(file);
		List<byte[]> material = new ArrayList<>();
		material.add(newKeyMaterial());
		for (String line : readLines(file)) {
			material.add(decode(line, fileSource(file)));
		}
		replaceFile(file, material);
		MasterKeyRing rotated = readFile(file);
		log.warn("Rotated the master key in {}: active key {} (was {}). Copy the file to every node.",
				file.toAbsolutePath(), rotated.active().id(), current.active().id());
		return rotated;
	}

	private static MasterKeyRing readFile(Path file) {
		List<byte[]> material = parse(readLines(file).toArray(String[]::new), fileSource(file));
		if (material.isEmpty()) {
			throw new IllegalStateException(fileSource(file) + ": holds no key; one base64 key of 32 bytes a line, "
					+ "the active one first");
		}
		return new MasterKeyRing(material);
	}

	/** Refusals start with the setting's name, so the start-up report shows them as a refused setting. */
	private static String fileSource(Path file) {
		return "keyway.crypto.master-key-file (" + file + ")";
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.US_ASCII)
				.stream()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(fileSource(file) + ": cannot be read: " + ConfiguredFile.reason(ex), ex);
		}
	}

	private static List<byte[]> parse(String[] entries, String source) {
		List<byte[]> material = new ArrayList<>();
		int position = 0;
		for (String entry : entries) {
			if (!entry.isBlank()) {
				position++;
				material.add(decode(entry.strip(), source, position));
			}
		}
		return material;
	}

	private static byte[] decode(String entry, String source) {
		return decode(entry, source, 0);
	}

	/** Errors name the key's position and length, never its characters (they would reach the logs). */
	private static byte[] decode(String entry, String source, int position) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(entry);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + ": a key is not valid base64 ("
					+ ((position > 0) ? "key " + position + ", " : "") + entry.length() + " characters)");
		}
		if (bytes.length != 32) {
			throw new IllegalStateException(source + ": a key must be 32 bytes (256 bits) of base64; got "
					+ bytes.length + " bytes");
		}
		return bytes;
	}

	private static Key toKey(byte[] material) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update("keyway key id".getBytes(StandardCharsets.US_ASCII));
			String id = HexFormat.of().formatHex(digest.digest(material), 0, 4);
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(material, "HmacSHA256"));
			byte[] hashKey = mac.doFinal("keyway token lookup v1".getBytes(StandardCharsets.US_ASCII));
			return new Key(id, new SecretKeySpec(material, "AES"), new SecretKeySpec(hashKey, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM lacks SHA-256 or HmacSHA256", ex);
		}
	}

	private static byte[] newKeyMaterial() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static String fileContent(List<byte[]> material) {
		StringBuilder text = new StringBuilder("# Keyway master key ring: base64 AES-256 keys, the first one active.\n"
				+ "# Secret. Back it up. Every node of a deployment needs the same file.\n");
		for (byte[] bytes : material) {
			text.append(Base64.getEncoder().encodeToString(bytes)).append('\n');
		}
		return text.toString();
	}

	private static void writeNewFile(Path file, List<byte[]> material) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (Files.notExists(parent) && parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				// owner-only when Keyway creates it (a node on PostgreSQL has no H2 to have made ./data first);
				// an existing directory keeps its permissions, as DataDirectory leaves them
				Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
			}
			else {
				Files.createDirectories(parent);
			}
			createOwnerOnly(file);
			Files.writeString(file, fileContent(material), StandardCharsets.US_ASCII);
		}
		catch (FileAlreadyExistsException ex) {
			// another process created it first: use theirs
		}
		catch (IOException ex) {
			throw new IllegalStateException(fileSource(file) + ": cannot be created: " + ConfiguredFile.reason(ex), ex);
		}
	}

	private static void replaceFile(Path file, List<byte[]> material) {
		Path temporary = file.resolveSibling(file.getFileName() + ".new");
		try {
			Files.deleteIfExists(temporary);
			createOwnerOnly(temporary);
			Files.writeString(temporary, fileContent(material), StandardCharsets.US_ASCII);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new IllegalStateException(fileSource(file) + ": cannot be rewritten: " + ConfiguredFile.reason(ex), ex);
		}
	}

	private static void createOwnerOnly(Path file) throws IOException {
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		else {
			Files.createFile(file);
			file.toFile().setReadable(false, false);
			file.toFile().setReadable(true, true);
			file.toFile().setWritable(false, false);
			file.toFile().setWritable(true, true);
		}
	}

}
