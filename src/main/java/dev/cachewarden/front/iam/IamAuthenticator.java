package dev.cachewarden.front.iam;

import dev.cachewarden.auth.Policy;
import dev.cachewarden.auth.Principal;
import dev.cachewarden.auth.Principals;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.MinimumVersions;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.engine.IamSecrets;
import dev.cachewarden.front.ConnectionAuthenticator;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ElastiCache's IAM authentication in front of a node. When the user an AUTH or HELLO names is an IAM
 * user of the cache's user group, its password must be an IAM token that AWS's rules accept; the node
 * is then sent the user's derived secret instead. Every other user's credentials pass through, so the
 * node answers them as it always does. A refusal is logged with its reason, never with the token.
 */
public final class IamAuthenticator implements ConnectionAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(IamAuthenticator.class);
    /** AWS closes an IAM-authenticated connection 12 hours after its last AUTH or HELLO. */
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofHours(12);
    static final String CONNECT = "elasticache:Connect";

    private final IamDirectory directory;
    private final Principals principals;
    private final TokenVerifier tokens;
    private final IamSecrets secrets;
    private final Clock clock;
    private final Duration connectionLifetime;

    /** @param principals null when the API runs with {@code --no-auth}: tokens are then taken as root's, unsigned */
    IamAuthenticator(IamDirectory directory, Principals principals, IamSecrets secrets, String region, Clock clock,
            Duration connectionLifetime) {
        this.directory = directory;
        this.principals = principals;
        this.tokens = new TokenVerifier(region, principals, clock);
        this.secrets = secrets;
        this.clock = clock;
        this.connectionLifetime = connectionLifetime;
    }

    /**
     * @param principals who may sign tokens (the API's root pair and principals file); null with {@code --no-auth},
     *                   which takes every well-formed token as root's without checking its signature
     * @param connectionLifetime how long an IAM connection lives after its last AUTH/HELLO; AWS's is 12 hours
     */
    public static IamAuthenticator create(Store store, ServiceSettings settings, Principals principals,
            IamSecrets secrets, Duration connectionLifetime) {
        return new IamAuthenticator(new StoreIamDirectory(store, settings), principals, secrets, settings.region(),
                settings.clock(), connectionLifetime);
    }

    @Override
    public Decision authenticate(FrontTarget target, String username, String password) {
        return decide(target, username, password, true);
    }

    /** Without a store read when the directory's views are fresh; the rest is in memory and CPU only. */
    @Override
    public Decision authenticateNow(FrontTarget target, String username, String password) {
        return decide(target, username, password, false);
    }

    /** @return null when {@code mayBlock} is false and a look-up would read the store */
    private Decision decide(FrontTarget target, String username, String password, boolean mayBlock) {
        if (username == null) {
            return new Decision.PassThrough(); // AUTH <password>: the node's default user
        }
        Optional<IamDirectory.Cache> cache = mayBlock ? directory.cache(target) : directory.cacheAtHand(target);
        if (cache == null) {
            return null;
        }
        if (cache.isEmpty()) {
            return new Decision.PassThrough();
        }
        try {
            Optional<User> member = cache.get().members().stream().filter(u -> u.userName().equals(username)).findFirst();
            if (member.isEmpty()) {
                Optional<User> known = mayBlock ? directory.user(username) : directory.userAtHand(username);
                if (known == null) {
                    return null;
                }
                Optional<User> iamUser = known.filter(u -> u.authentication() instanceof Authentication.Iam);
                if (iamUser.isPresent()) {
                    throw new Refusal("IAM user " + username + " is not in the user group(s) "
                            + cache.get().userGroupIds() + " of cache " + cache.get().cacheId());
                }
                return new Decision.PassThrough(); // the node answers as for any user it does not have
            }
            User user = member.get();
            if (!(user.authentication() instanceof Authentication.Iam)) {
                return new Decision.PassThrough();
            }
            check(cache.get(), user, password);
            return new Decision.Substitute(user.userName(), secrets.nodeSecret(user.userId()),
                    clock.instant().plus(connectionLifetime));
        } catch (Refusal refusal) {
            // The front logs the reason at INFO with the connection; this is for tracing the authenticator alone.
            log.debug("IAM authentication refused for user {} on {} {}: {}", username,
                    target.serverless() ? "serverless cache" : "replication group", target.cacheId(),
                    refusal.getMessage());
            dev.cachewarden.metrics.Metrics.iamRefused(refusal.getMessage());
            return new Decision.Refused(refusal.getMessage());
        }
    }

    private void check(IamDirectory.Cache cache, User user, String password) throws Refusal {
        if (!user.userName().equals(user.userId())) {
            throw new Refusal("IAM user " + user.userId() + " has UserName '" + user.userName()
                    + "'; IAM users need UserName = UserId");
        }
        if (user.status() == Status.DELETING) {
            throw new Refusal("IAM user " + user.userId() + " is being deleted");
        }
        if (!cache.transitEncryption()) {
            throw new Refusal("cache " + cache.cacheId() + " runs without in-transit encryption; IAM needs TLS");
        }
        EngineVersion minimum = MinimumVersions.iamConnect(cache.engine());
        if (!atLeast(cache.engineVersion(), minimum)) {
            throw new Refusal("cache " + cache.cacheId() + " runs " + cache.engine().wire() + " "
                    + cache.engineVersion() + "; IAM needs " + cache.engine().wire() + " " + minimum + " or newer");
        }
        String accessKeyId = tokens.verify(password, cache.cacheId(), cache.serverless(), user.userId());
        if (principals == null) {
            return; // --no-auth: every caller is root, as on the API
        }
        Principal principal = principals.byAccessKey(accessKeyId)
                .orElseThrow(() -> new Refusal("the token is signed with an unknown access key"));
        allowed(principal, cache.arn());
        allowed(principal, directory.userArn(user.userId()));
    }

    private static void allowed(Principal principal, String resource) throws Refusal {
        if (principal.isRoot()) {
            return;
        }
        Policy.Decision decision = principal.policy().evaluate(CONNECT, resource);
        if (decision != Policy.Decision.ALLOWED) {
            throw new Refusal(principal.arn() + " may not " + CONNECT + " on " + resource
                    + (decision == Policy.Decision.EXPLICITLY_DENIED ? " (explicit Deny)" : " (no Allow)"));
        }
    }

    /** An engine version this server cannot read (an external cache's configuration) counts as too old. */
    private static boolean atLeast(String version, EngineVersion minimum) {
        try {
            return version != null && !EngineVersion.parse(version, "EngineVersion").isBefore(minimum);
        } catch (ElastiCacheFault unreadable) {
            return false;
        }
    }
}
