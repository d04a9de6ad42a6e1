package dev.cachewarden.front.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.auth.PolicyParser;
import dev.cachewarden.auth.Principal;
import dev.cachewarden.auth.Principals;
import dev.cachewarden.auth.RootCredentials;
import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.engine.node.AdminCredentials;
import dev.cachewarden.engine.IamSecrets;
import dev.cachewarden.front.ConnectionAuthenticator.Decision;
import dev.cachewarden.front.EndpointKind;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The IAM rules, against a real (in-memory) store, with tokens made by the AWS SDK for Java v2 the way
 * AWS's own example makes them, by the SDK's newer signer, and by botocore: each accepted, and each
 * refusal rule provoked with a precise reason.
 */
class IamAuthenticatorTest {
    static final String ROOT_KEY = "AKIDROOTIAMTEST";
    static final String ROOT_SECRET = "root-secret-0123456789abcdefghij";
    static final String ACCOUNT = "000000000000";
    /** Every token is signed at T0 unless a test says otherwise; the authenticator's clock reads T0 + 1 min. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Clock NOW = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    static final FrontTarget RG = new FrontTarget("rg", false, EndpointKind.PRIMARY, null);
    static final FrontTarget SC = new FrontTarget("sc", true, EndpointKind.SERVERLESS, null);

    static JdbcStore store;
    static Principals principals;
    static IamSecrets secrets = IamSecrets.of(AdminCredentials.of("admin-password-for-the-test"));

    enum Signer {
        AWS4_SIGNER(IamTokens::withAws4Signer), AWS_V4_HTTP_SIGNER(IamTokens::withAwsV4HttpSigner),
        BOTOCORE(IamTokens::withBotocore);

        final Function<IamTokens, String> make;

        Signer(Function<IamTokens, String> make) {
            this.make = make;
        }
    }

    @BeforeAll
    static void seed() throws Exception {
        store = JdbcStore.inMemory("iam-" + UUID.randomUUID());
        AccessString all = AccessString.parse("on ~* +@all");
        store.inTransaction(tx -> {
            tx.users().insert(User.builtInDefault());
            tx.users().insert(iam("alice", "alice", Status.ACTIVE));
            tx.users().insert(iam("carol", "carol", Status.ACTIVE));
            tx.users().insert(iam("dave", "david", Status.ACTIVE));
            tx.users().insert(iam("erin", "erin", Status.DELETING));
            tx.users().insert(iam("frank", "frank", Status.ACTIVE));
            tx.users().insert(new User("bob", "bob", Engine.REDIS, Status.ACTIVE, all,
                    new Authentication.Password(List.of(PasswordHash.of("bob-password-000001"))), List.of(), 0));
            tx.userGroups().insert(new UserGroup("g", Engine.REDIS, Status.MODIFYING,
                    List.of("default", "alice", "bob", "dave", "erin", "frank"),
                    new PendingChanges(List.of(), List.of("frank")), List.of(), List.of(), dev.cachewarden.domain.EngineVersion.of("7.0"), 0));
            tx.replicationGroups().insert(cache("rg", Engine.REDIS, "7.0.15", true));
            tx.replicationGroups().insert(cache("notls", Engine.REDIS, "7.0.15", false));
            tx.replicationGroups().insert(cache("old", Engine.REDIS, "6.2.14", true));
            tx.replicationGroups().insert(cache("vk", Engine.VALKEY, "7.1.0", true));
            tx.serverlessCaches().insert(new ServerlessCache("sc", "test", Engine.REDIS, "7", "7.0.15",
                    CacheStatus.AVAILABLE, "g", null, 1, 1,
                    List.of(new CacheNode(ServerlessCache.nodeId("sc", 1), "127.0.0.1", 1, true)), 0, 0));
            return null;
        });
        principals = Principals.of(ACCOUNT, new RootCredentials.KeyPair(ROOT_KEY, ROOT_SECRET), List.of(
                principal("both", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"elasticache:Connect\",\"Resource\":"
                        + "[\"arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg\","
                        + "\"arn:aws:elasticache:us-east-1:000000000000:user:alice\"]}}"),
                principal("cacheonly", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"elasticache:Connect\","
                        + "\"Resource\":\"arn:aws:elasticache:us-east-1:000000000000:replicationgroup:*\"}}"),
                principal("useronly", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"elasticache:Connect\","
                        + "\"Resource\":\"arn:aws:elasticache:us-east-1:000000000000:user:*\"}}"),
                principal("denied", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"elasticache:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"elasticache:Connect\","
                        + "\"Resource\":\"arn:aws:elasticache:us-east-1:000000000000:user:alice\"}]}")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static User iam(String id, String name, Status status) {
        return new User(id, name, Engine.REDIS, status, AccessString.parse("on ~* +@all"), new Authentication.Iam(),
                List.of(), 0);
    }

    static ReplicationGroup cache(String id, Engine engine, String version, boolean tls) {
        return new ReplicationGroup(id, "test", engine, version, CacheStatus.AVAILABLE, tls, null, List.of("g"), null,
                List.of(new CacheNode(id + "-001", "127.0.0.1", 1, true)), 0, false, 0);
    }

    static Principal principal(String name, String policy) throws Exception {
        return new Principal(name, "arn:aws:iam::" + ACCOUNT + ":user/" + name, "AKID" + name.toUpperCase(),
                name + "-secret-0123456789abcdef", PolicyParser.parse(new ObjectMapper().readTree(policy), name));
    }

    static IamAuthenticator authenticator(Clock clock) {
        return new IamAuthenticator(new StoreIamDirectory(store, new ServiceSettings("us-east-1", ACCOUNT,
                Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, clock)), principals, secrets, "us-east-1", clock,
                Duration.ofHours(12));
    }

    static IamTokens root(String cache, String user, boolean serverless) {
        return IamTokens.forCache(cache, user, serverless, ROOT_KEY, ROOT_SECRET).at(T0);
    }

    static IamTokens as(String principal) {
        return IamTokens.forCache("rg", "alice", false, "AKID" + principal.toUpperCase(),
                principal + "-secret-0123456789abcdef").at(T0);
    }

    static Decision auth(FrontTarget target, String user, String token) {
        return authenticator(NOW).authenticate(target, user, token);
    }

    static void refused(Decision decision, String reason) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) decision).reason()).contains(reason);
    }

    @ParameterizedTest
    @EnumSource(Signer.class)
    void aTokenFromEachSignerOpensAReplicationGroup(Signer signer) {
        Decision d = auth(RG, "alice", signer.make.apply(root("rg", "alice", false)));
        assertThat(d).isEqualTo(new Decision.Substitute("alice", secrets.nodeSecret("alice"),
                NOW.instant().plus(Duration.ofHours(12))));
    }

    @ParameterizedTest
    @EnumSource(Signer.class)
    void aServerlessTokenFromEachSignerOpensTheServerlessCache(Signer signer) {
        assertThat(auth(SC, "alice", signer.make.apply(root("sc", "alice", true))))
                .isInstanceOf(Decision.Substitute.class);
    }

    @ParameterizedTest
    @EnumSource(Signer.class)
    void aServerlessTokenWithoutResourceTypeIsRefused(Signer signer) {
        refused(auth(SC, "alice", signer.make.apply(root("sc", "alice", false))), "lacks ResourceType=ServerlessCache");
    }

    @Test
    void aPrincipalAllowedConnectOnBothArnsGetsIn() {
        assertThat(auth(RG, "alice", as("both").withAws4Signer())).isInstanceOf(Decision.Substitute.class);
    }

    @Test
    void connectIsNeededOnTheCacheAndOnTheUser() {
        refused(auth(RG, "alice", as("useronly").withAws4Signer()),
                "may not elasticache:Connect on arn:aws:elasticache:us-east-1:000000000000:replicationgroup:rg (no Allow)");
        refused(auth(RG, "alice", as("cacheonly").withBotocore()),
                "may not elasticache:Connect on arn:aws:elasticache:us-east-1:000000000000:user:alice (no Allow)");
        refused(auth(RG, "alice", as("denied").withAwsV4HttpSigner()), "user:alice (explicit Deny)");
    }

    @Test
    void onTheEventLoopItDecidesOnlyFromAFreshViewAndThenAsOffIt() {
        String token = root("rg", "alice", false).withAws4Signer();
        String expired = root("rg", "alice", false).at(T0.minusSeconds(3600)).withBotocore();
        // Views kept a minute: a loaded machine must not age them out between two lines.
        IamAuthenticator a = new IamAuthenticator(new StoreIamDirectory(store, new ServiceSettings("us-east-1", ACCOUNT,
                Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, NOW), Duration.ofMinutes(1)), principals, secrets,
                "us-east-1", NOW, Duration.ofHours(12));
        assertThat(a.authenticateNow(RG, "alice", token)).as("no view of rg read yet: the store must be asked").isNull();
        Decision off = a.authenticate(RG, "alice", token);
        assertThat(a.authenticateNow(RG, "alice", token)).as("the view just read decides, without the store")
                .isEqualTo(off).isInstanceOf(Decision.Substitute.class);
        assertThat(a.authenticateNow(RG, "bob", "bob-password-000001")).isInstanceOf(Decision.PassThrough.class);
        assertThat(a.authenticateNow(RG, null, "whatever")).isInstanceOf(Decision.PassThrough.class);
        assertThat(a.authenticateNow(RG, "carol", token)).as("a non-member needs a user look-up first").isNull();
        refused(a.authenticate(RG, "carol", token), "is not in the user group(s)");
        refused(a.authenticateNow(RG, "carol", token), "is not in the user group(s)");
        refused(a.authenticateNow(RG, "alice", expired), "expired");
    }

    @Test
    void passwordUsersUnknownUsersAndUnknownCachesPassThrough() {
        assertThat(auth(RG, "bob", "bob-password-000001")).isInstanceOf(Decision.PassThrough.class);
        assertThat(auth(RG, null, "whatever")).isInstanceOf(Decision.PassThrough.class);
        assertThat(auth(RG, "zed", "whatever")).isInstanceOf(Decision.PassThrough.class);
        assertThat(auth(RG, "default", "whatever")).isInstanceOf(Decision.PassThrough.class);
        assertThat(auth(new FrontTarget("nope", false, EndpointKind.PRIMARY, null), "alice", "x"))
                .isInstanceOf(Decision.PassThrough.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = root("rg", "alice", false).withBotocore();
        assertThat(authenticator(NOW).authenticate(RG, "alice", token)).isInstanceOf(Decision.Substitute.class);
        Clock later = Clock.offset(Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(901));
        refused(authenticator(later).authenticate(RG, "alice", token), "the token expired at");
        String shortLived = root("rg", "alice", false).expiringAfter(Duration.ofSeconds(30)).withAws4Signer();
        refused(auth(RG, "alice", shortLived), "the token expired at");
    }

    @Test
    void aTokenFromTheFutureIsNotYetValid() {
        refused(auth(RG, "alice", root("rg", "alice", false).at(T0.plus(Duration.ofMinutes(20))).withAws4Signer()),
                "not yet valid");
    }

    @Test
    void aTokenAskingMoreThan900SecondsIsRefused() {
        refused(auth(RG, "alice", root("rg", "alice", false).expiringAfter(Duration.ofHours(1)).withBotocore()),
                "X-Amz-Expires=3600, more than ElastiCache's 900 seconds");
    }

    @Test
    void aTokenForAnotherCacheUserRegionOrServiceIsRefused() {
        refused(auth(RG, "alice", root("other", "alice", false).withAws4Signer()), "for cache 'other', not 'rg'");
        refused(auth(RG, "alice", root("rg", "carol", false).withAws4Signer()), "for user 'carol', not 'alice'");
        refused(auth(RG, "alice", root("rg", "alice", false).region("eu-west-1").withBotocore()),
                "signed for region 'eu-west-1', not 'us-east-1'");
        refused(auth(RG, "alice", root("rg", "alice", false).service("iam").withAwsV4HttpSigner()),
                "signed for service 'iam', not 'elasticache'");
        refused(auth(RG, "alice", root("rg", "alice", true).withAws4Signer()),
                "has ResourceType 'ServerlessCache', but rg is a replication group");
        refused(auth(SC, "alice", root("rg", "alice", true).withAws4Signer()), "for cache 'rg', not 'sc'");
    }

    @Test
    void aTokenForAnotherActionIsRefused() {
        String token = root("rg", "alice", false).withAws4Signer().replace("Action=connect", "Action=Describe");
        refused(auth(RG, "alice", token), "for Action 'Describe', not 'connect'");
        // What the token says reaches the log without its control characters: no forged log lines.
        String forged = root("rg", "alice", false).withAws4Signer().replace("Action=connect", "Action=x%0AFORGED");
        refused(auth(RG, "alice", forged), "for Action 'x?FORGED', not 'connect'");
    }

    @Test
    void aWrongSecretAnAlteredTokenAndAnUnknownKeyAreRefused() {
        refused(auth(RG, "alice", root("rg", "alice", false).credentials(ROOT_KEY, "not-the-secret-0123456789")
                .withBotocore()), "signature does not match");
        String token = root("rg", "alice", false).withAws4Signer();
        String altered = token.replaceFirst("X-Amz-Expires=900", "X-Amz-Expires=899");
        assertThat(altered).isNotEqualTo(token);
        refused(auth(RG, "alice", altered), "signature does not match");
        refused(auth(RG, "alice", root("rg", "alice", false).credentials("AKIDNOBODY", "whatever-0123456789")
                .withAws4Signer()), "unknown access key AKIDNOBODY");
    }

    @Test
    void aSessionTokenIsRefusedForALongTermKey() {
        refused(auth(RG, "alice", root("rg", "alice", false).sessionToken("FwoGZXIvYXdzEXAMPLE").withAws4Signer()),
                "X-Amz-Security-Token");
    }

    @Test
    void whatIsNotATokenIsRefused() {
        refused(auth(RG, "alice", "hunter2-password-123"), "not a token");
        refused(auth(RG, "alice", "http://" + root("rg", "alice", false).withAws4Signer()), "keeps its URL scheme");
        refused(auth(RG, "alice", "rg/?Action=connect&User=alice"), "the token has no X-Amz-Date");
        refused(auth(RG, "alice", "rg/?Action=connect&User=alice&User=alice"), "more than once");
        refused(auth(RG, "alice", "rg/?Action=%zz"), "invalid percent escape");
    }

    @Test
    void theUserMustBeAnIamMemberOfTheCachesGroupWithNameEqualToId() {
        refused(auth(RG, "carol", root("rg", "carol", false).withAws4Signer()), "not in the user group(s) [g]");
        refused(auth(RG, "frank", root("rg", "frank", false).withAws4Signer()), "not in the user group(s) [g]");
        refused(auth(RG, "david", root("rg", "dave", false).withAws4Signer()), "IAM users need UserName = UserId");
        refused(auth(RG, "erin", root("rg", "erin", false).withAws4Signer()), "being deleted");
    }

    @Test
    void theCacheMustRunTlsAndARecentEngine() {
        refused(auth(new FrontTarget("notls", false, EndpointKind.NODE, "notls-001"), "alice",
                root("notls", "alice", false).withAws4Signer()), "without in-transit encryption");
        refused(auth(new FrontTarget("old", false, EndpointKind.PRIMARY, null), "alice",
                root("old", "alice", false).withAws4Signer()), "runs redis 6.2.14; IAM needs redis 7.0 or newer");
        refused(auth(new FrontTarget("vk", false, EndpointKind.PRIMARY, null), "alice",
                root("vk", "alice", false).withAws4Signer()), "runs valkey 7.1.0; IAM needs valkey 7.2 or newer");
    }

    @Test
    void theNodeSecretIsDerivedAlikeAndNeverTheToken() throws Exception {
        IamSecrets again = IamSecrets.of(AdminCredentials.of("admin-password-for-the-test"));
        IamSecrets other = IamSecrets.of(AdminCredentials.of("another-admin-password"));
        assertThat(again.nodeSecret("alice")).isEqualTo(secrets.nodeSecret("alice")).hasSize(64)
                .isNotEqualTo(other.nodeSecret("alice")).isNotEqualTo(secrets.nodeSecret("carol"));
        assertThat(secrets.toString()).doesNotContain(secrets.nodeSecret("alice"));
        String token = root("rg", "alice", false).withAws4Signer();
        assertThat(IamToken.parse(token).toString()).doesNotContain("X-Amz-Signature").doesNotContain(ROOT_KEY);
    }

    @Test
    void withNoAuthTheClaimsAreCheckedButNotTheSignature() {
        IamAuthenticator noAuth = new IamAuthenticator(new StoreIamDirectory(store, new ServiceSettings("us-east-1",
                ACCOUNT, Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, NOW)), null, secrets, "us-east-1", NOW,
                Duration.ofHours(12));
        IamTokens anyKey = root("rg", "alice", false).credentials("AKIDANYONE", "any-secret-0123456789");
        assertThat(noAuth.authenticate(RG, "alice", anyKey.withBotocore())).isInstanceOf(Decision.Substitute.class);
        refused(noAuth.authenticate(RG, "alice", anyKey.cache("other").withAws4Signer()), "for cache 'other'");
        Clock later = Clock.offset(NOW, Duration.ofMinutes(20));
        refused(new IamAuthenticator(new StoreIamDirectory(store, new ServiceSettings("us-east-1", ACCOUNT,
                Duration.ZERO, ServiceSettings.Quotas.AWS_DEFAULTS, later)), null, secrets, "us-east-1", later,
                Duration.ofHours(12)).authenticate(RG, "alice", anyKey.withAws4Signer()), "expired");
    }
}
