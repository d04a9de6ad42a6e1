package dev.cachewarden.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeCreatesAPrivateFileAndReplacesItAtomically() throws IOException {
        Path file = dir.resolve("nested/admin-password");
        SecretFiles.write(file, "first");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(SecretFiles.read(file)).isEqualTo("first");

        SecretFiles.write(file, "second \u2713");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(SecretFiles.read(file)).isEqualTo("second \u2713");
        assertThat(leftovers(file.getParent())).containsExactly("admin-password");
    }

    @Test
    void writeMakesAFileOthersCouldReadPrivateAgain() throws IOException {
        Path file = dir.resolve("ca.key");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecretFiles.write(file, "new");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(SecretFiles.read(file)).isEqualTo("new");
    }

    @Test
    void createNeverOverwritesAnExistingSecret() throws IOException {
        Path file = dir.resolve("credentials");
        SecretFiles.create(file, "mine");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThatThrownBy(() -> SecretFiles.create(file, "theirs")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(SecretFiles.read(file)).isEqualTo("mine");
        assertThat(leftovers(dir)).containsExactly("credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw-rw----", "rw-----w-", "rw---x---"})
    void readRefusesAFileGroupOrOthersMayUseNamingTheFileAndTheFix(String mode) throws IOException {
        Path file = dir.resolve("admin.password");
        Files.writeString(file, "s3cret-value");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        assertThatThrownBy(() -> SecretFiles.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " holds secrets but its mode is " + mode)
                .hasMessageEndingWith("make it private with: chmod 600 " + file)
                .hasMessageNotContaining("s3cret-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void readTakesAFileOnlyItsOwnerMayUse(String mode) throws IOException {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        assertThat(SecretFiles.read(file)).isEqualTo("secret");
    }

    @Test
    void readRefusesAMissingFileOrADirectoryByName() throws IOException {
        Path missing = dir.resolve("absent");
        assertThatThrownBy(() -> SecretFiles.read(missing)).hasMessage(missing + " does not exist or is not a regular file");
        assertThatThrownBy(() -> SecretFiles.read(dir)).hasMessageContaining(dir.toString());
    }

    @Test
    void privateDirectoriesAreCreatedForTheOwnerOnlyAndAnOpenOneIsReported() throws IOException {
        Path created = dir.resolve("a/data");
        assertThat(SecretFiles.createPrivateDirectory(created)).isTrue();
        assertThat(mode(created)).isEqualTo("rwx------");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(SecretFiles.createPrivateDirectory(open)).isFalse();
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static java.util.List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
