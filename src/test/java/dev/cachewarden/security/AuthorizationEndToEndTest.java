package dev.cachewarden.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachewarden.junit.Cachewarden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/** Principals from the principals file, each held to its policy by a live server and the real SDK. */
class AuthorizationEndToEndTest {
    static final String READER_KEY = "AKIDREADER";
    static final String READER_SECRET = "reader-secret-0123456789";
    static final String OPERATOR_KEY = "AKIDOPERATOR";
    static final String OPERATOR_SECRET = "operator-secret-0123456789";

    @TempDir
    static Path dir;
    static Cachewarden server;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("principals.json");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, """
                {"principals": [
                  {"name": "reader", "accessKeyId": "%s", "secretAccessKey": "%s",
                   "policy": {"Version": "2012-10-17",
                              "Statement": [{"Effect": "Allow", "Action": "elasticache:Describe*", "Resource": "*"}]}},
                  {"name": "operator", "accessKeyId": "%s", "secretAccessKey": "%s",
                   "policy": {"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Action": "elasticache:*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "elasticache:*UserGroup",
                      "Resource": "arn:aws:elasticache:us-east-1:000000000000:usergroup:prod-*"}]}}
                ]}
                """.formatted(READER_KEY, READER_SECRET, OPERATOR_KEY, OPERATOR_SECRET));
        server = Cachewarden.builder().principalsFile(file).start();
        server.client().createUserGroup(r -> r.userGroupId("prod-app").engine("redis").userIds("default"));
        server.client().createUserGroup(r -> r.userGroupId("dev-app").engine("redis").userIds("default"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ElastiCacheClient as(String key, String secret) {
        return Clients.client(server.endpoint(), key, secret, Region.US_EAST_1);
    }

    @Test
    void aDescribeOnlyPrincipalDescribesButCannotModifyUserGroup() {
        ElastiCacheClient reader = as(READER_KEY, READER_SECRET);
        assertThat(reader.describeUserGroups(r -> { }).userGroups()).extracting(g -> g.userGroupId())
                .contains("prod-app", "dev-app");
        assertThat(reader.describeUsers(r -> r.userId("default")).users()).hasSize(1);
        assertThatThrownBy(() -> reader.modifyUserGroup(r -> r.userGroupId("dev-app").userIdsToAdd("default")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/reader"
                            + " is not authorized to perform: elasticache:ModifyUserGroup on resource: "
                            + "arn:aws:elasticache:us-east-1:000000000000:usergroup:dev-app");
                });
        assertThatThrownBy(() -> reader.createUser(r -> r.userId("sneaky").userName("sneaky").engine("redis")
                .accessString("on ~* +@all").noPasswordRequired(true)))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                                "elasticache:CreateUser on resource: arn:aws:elasticache:us-east-1:000000000000:user:sneaky"));
        assertThat(server.client().describeUsers(r -> { }).users()).extracting(u -> u.userId()).doesNotContain("sneaky");
    }

    @Test
    void anExplicitDenyWinsOverTheWildcardAllow() {
        ElastiCacheClient operator = as(OPERATOR_KEY, OPERATOR_SECRET);
        operator.createUser(r -> r.userId("op-made").userName("op-made").engine("redis").accessString("on ~* +@all")
                .passwords("a-long-enough-password"));
        assertThatThrownBy(() -> operator.deleteUserGroup(r -> r.userGroupId("prod-app")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("user/operator")
                            .contains("elasticache:DeleteUserGroup").endsWith("usergroup:prod-app");
                });
        assertThat(server.client().describeUserGroups(r -> r.userGroupId("prod-app")).userGroups()).hasSize(1);
        assertThat(operator.describeUserGroups(r -> r.userGroupId("dev-app")).userGroups()).hasSize(1);
    }

    @Test
    void aPrincipalSigningWithAnotherPrincipalsSecretIsRefused() {
        assertThatThrownBy(() -> as(READER_KEY, OPERATOR_SECRET).describeUsers(r -> { }))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void aPrincipalsFileOthersCanReadIsRefusedAtStart() throws Exception {
        Path open = dir.resolve("open.json");
        Files.writeString(open, "{\"principals\": []}");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Cachewarden.builder().principalsFile(open).start())
                .hasMessageContaining("holds secrets but its mode is rw-r--r--").hasMessageContaining("chmod 600");
    }
}
