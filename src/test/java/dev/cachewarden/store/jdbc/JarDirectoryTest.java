package dev.cachewarden.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar listing a start finds the bundled migrations with: the same names JarFile lists, or null. */
class JarDirectoryTest {
    @TempDir
    Path dir;

    private Path jar(String comment, String... names) throws IOException {
        Path jar = Files.createTempFile(dir, "t", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : names) {
                ZipEntry e = new ZipEntry(name);
                e.setExtra(name.endsWith(".sql") ? new byte[] {(byte) 0xfe, (byte) 0xca, 0, 0} : null);
                e.setComment(name.contains("V2") ? "a comment" : null);
                out.putNextEntry(e);
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.setComment(comment);
        }
        return jar;
    }

    private static List<String> byJarFile(Path jar, String directory) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(directory) && n.length() > directory.length() && n.indexOf('/', directory.length()) < 0).toList();
        }
    }

    @Test
    void listsTheFilesDirectlyUnderTheDirectoryAsJarFileDoes() throws Exception {
        Path jar = jar(null, "db/", "db/migration/", "db/migration/V1__a.sql", "db/migration/V2__b.sql",
                "db/migration/nested/V3__c.sql", "db/migrationx/V4__d.sql", "db/migration.sql", "x/db/migration/V5.sql",
                "db/migration/Ünïcode.sql");
        assertThat(JarDirectory.files(jar, "db/migration/")).containsExactly("db/migration/V1__a.sql",
                "db/migration/V2__b.sql", "db/migration/Ünïcode.sql");
        assertThat(JarDirectory.files(jar, "db/migration/")).isEqualTo(byJarFile(jar, "db/migration/"));
        assertThat(JarDirectory.files(jar, "nothing/")).isEmpty();
    }

    @Test
    void findsTheEndRecordPastAnArchiveCommentAndManyEntries() throws Exception {
        String[] names = new String[5000];
        for (int i = 0; i < names.length; i++) {
            names[i] = (i % 100 == 0 ? "db/migration/V" : "lib/") + i + "__x.sql";
        }
        Path jar = jar("a comment with PK\u0005\u0006 in it", names);
        assertThat(JarDirectory.files(jar, "db/migration/")).hasSize(50).isEqualTo(byJarFile(jar, "db/migration/"));
    }

    @Test
    void answersNullForWhatIsNotAJar() throws Exception {
        Path notJar = dir.resolve("not.jar");
        try (OutputStream out = Files.newOutputStream(notJar)) {
            out.write(new byte[4096]);
        }
        assertThat(JarDirectory.files(notJar, "db/migration/")).isNull();
        Path empty = Files.createFile(dir.resolve("empty.jar"));
        assertThat(JarDirectory.files(empty, "db/migration/")).isNull();
    }

    @Test
    void answersNullForACorruptCentralDirectory() throws Exception {
        Path jar = jar(null, "db/migration/V1__a.sql", "db/migration/V2__b.sql");
        byte[] bytes = Files.readAllBytes(jar);
        // The first central directory entry's signature, overwritten.
        for (int i = bytes.length - 22; i >= 0; i--) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
                bytes[i + 2] = 9;
            }
        }
        Files.write(jar, bytes);
        assertThat(JarDirectory.files(jar, "db/migration/")).isNull();
    }
}
