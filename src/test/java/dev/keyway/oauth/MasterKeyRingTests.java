package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@DatabaseIndependent
class MasterKeyRingTests {

	@TempDir
	Path dir;

	@Test
	void loadWhenKeyFileIsMissingThenCreatesItOwnerOnly() throws Exception {
		Path file = this.dir.resolve("sub/master.key");
		MasterKeyRing ring = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		// an operator trial: a node on PostgreSQL made ./data rwxr-xr-x (no H2 had made it owner-only first)
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
		assertThat(ring.all()).hasSize(1);
		assertThat(keyLines(file)).hasSize(1);
		assertThat(Base64.getDecoder().decode(keyLines(file).get(0))).hasSize(32);
	}

	@Test
	void loadWhenKeyFileExistsThenReusesIt() throws Exception {
		Path file = this.dir.resolve("master.key");
		MasterKeyRing first = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		String content = Files.readString(file);
		MasterKeyRing second = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		assertThat(second.active().id()).isEqualTo(first.active().id());
		assertThat(second.active().aes().getEncoded()).isEqualTo(first.active().aes().getEncoded());
		assertThat(Files.readString(file)).isEqualTo(content);
	}

	@Test
	void loadWhenMasterKeysAreConfiguredThenFirstIsActiveAndNoFileIsWritten() {
		String a = newKey();
		String b = newKey();
		Path file = this.dir.resolve("unused.key");
		MasterKeyRing ring = MasterKeyRing.load(new CryptoProperties(" " + a + " , " + b + " ", file, false, false));
		assertThat(ring.all()).hasSize(2);
		assertThat(ring.active().aes().getEncoded()).isEqualTo(Base64.getDecoder().decode(a));
		assertThat(ring.all().get(1).aes().getEncoded()).isEqualTo(Base64.getDecoder().decode(b));
		assertThat(file).doesNotExist();
	}

	@Test
	void loadWhenSameKeyMaterialThenSameIdAndDifferentMaterialThenDifferentId() {
		String a = newKey();
		MasterKeyRing one = MasterKeyRing.load(new CryptoProperties(a, null, false, false));
		MasterKeyRing two = MasterKeyRing.load(new CryptoProperties(a, null, false, false));
		MasterKeyRing other = MasterKeyRing.load(new CryptoProperties(newKey(), null, false, false));
		assertThat(one.active().id()).isEqualTo(two.active().id()).matches("[0-9a-f]{8}");
		assertThat(other.active().id()).isNotEqualTo(one.active().id());
		assertThat(one.byId(one.active().id())).contains(one.active());
		assertThat(one.byId("00000000")).isEmpty();
	}

	@Test
	void loadWhenKeyFileHasCommentsAndBlankLinesThenIgnoresThem() throws Exception {
		String a = newKey();
		Path file = this.dir.resolve("ring.key");
		Files.writeString(file, "# comment\n\n  " + a + "  \n", StandardCharsets.US_ASCII);
		MasterKeyRing ring = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		assertThat(ring.all()).hasSize(1);
		assertThat(ring.active().aes().getEncoded()).isEqualTo(Base64.getDecoder().decode(a));
	}

	@Test
	void rotateFileWhenRingExistsThenNewActiveKeyFirstAndOldKeyKept() throws Exception {
		Path file = this.dir.resolve("master.key");
		MasterKeyRing before = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		MasterKeyRing rotated = MasterKeyRing.rotateFile(file);
		assertThat(rotated.all()).hasSize(2);
		assertThat(rotated.active().id()).isNotEqualTo(before.active().id());
		assertThat(rotated.all().get(1).id()).isEqualTo(before.active().id());
		assertThat(rotated.all().get(1).aes().getEncoded()).isEqualTo(before.active().aes().getEncoded());
		MasterKeyRing reloaded = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		assertThat(reloaded.all()).extracting(MasterKeyRing.Key::id)
			.containsExactly(rotated.active().id(), before.active().id());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(this.dir.resolve("master.key.new")).doesNotExist();
	}

	@Test
	void rotateFileWhenRotatedTwiceThenAllKeysKeptNewestFirst() {
		Path file = this.dir.resolve("master.key");
		MasterKeyRing first = MasterKeyRing.load(new CryptoProperties("", file, false, false));
		MasterKeyRing second = MasterKeyRing.rotateFile(file);
		MasterKeyRing third = MasterKeyRing.rotateFile(file);
		assertThat(third.all()).extracting(MasterKeyRing.Key::id)
			.containsExactly(third.active().id(), second.active().id(), first.active().id());
	}

	@Test
	void loadWhenMasterKeyIsNotBase64ThenClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties("this is not base64!", null, false, false)))
			.withMessage("keyway.crypto.master-keys: a key is not valid base64 (key 1, 19 characters)");
	}

	@Test
	void loadWhenKeyFileLineIsNotBase64ThenErrorNamesTheFile() throws Exception {
		Path file = this.dir.resolve("bad.key");
		Files.writeString(file, "%%%%\n", StandardCharsets.US_ASCII);
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties("", file, false, false)))
			.withMessageStartingWith("keyway.crypto.master-key-file (" + file + "): a key is not valid base64");
	}

	@Test
	void loadWhenMasterKeyIsNotBase64ThenErrorShowsNoKeyMaterial() {
		String almostKey = newKey().substring(0, 42) + "!=";
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties(almostKey, null, false, false)))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(almostKey.substring(0, 4)));
	}

	@Test
	void loadWhenMasterKeyIsNot32BytesThenClearError() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties(shortKey, null, false, false)))
			.withMessage("keyway.crypto.master-keys: a key must be 32 bytes (256 bits) of base64; got 16 bytes");
	}

	@Test
	void loadWhenNeitherKeysNorFileThenClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties("", null, false, false)))
			.withMessage("keyway.crypto.master-keys or keyway.crypto.master-key-file: set one of them");
	}

	@Test
	void loadWhenKeyFileHoldsNoKeyThenClearError() throws Exception {
		Path file = this.dir.resolve("empty.key");
		Files.writeString(file, "# only a comment\n", StandardCharsets.US_ASCII);
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties("", file, false, false)))
			.withMessage("keyway.crypto.master-key-file (" + file + "): holds no key; one base64 key of 32 bytes a line, "
					+ "the active one first");
	}

	@Test
	void loadWhenMasterKeysHoldOnlyCommasThenClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties(" , ", null, false, false)))
			.withMessage("keyway.crypto.master-keys: no key in it; give one or more base64 keys of 32 bytes, separated by commas");
	}

	@Test
	void loadWhenKeyFileIsADirectoryThenSaysSoWithTheSetting() throws Exception {
		Path directory = Files.createDirectory(this.dir.resolve("keys"));
		assertThatIllegalStateException()
			.isThrownBy(() -> MasterKeyRing.load(new CryptoProperties("", directory, false, false)))
			.withMessage("keyway.crypto.master-key-file (" + directory + "): cannot be read: Is a directory");
	}

	@Test
	void ofWhenNoKeyMaterialThenClearError() {
		assertThatIllegalStateException().isThrownBy(() -> MasterKeyRing.of(List.of()))
			.withMessage("The master key ring is empty: configure keyway.crypto.master-keys or a key file");
	}

	static String newKey() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static List<String> keyLines(Path file) throws Exception {
		return Files.readAllLines(file).stream().filter((line) -> !line.isBlank() && !line.startsWith("#")).toList();
	}

}
