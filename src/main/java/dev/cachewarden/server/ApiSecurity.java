package dev.cachewarden.server;

import dev.cachewarden.auth.ApiAuth;
import dev.cachewarden.auth.Authorizer;
import dev.cachewarden.auth.Principal;
import dev.cachewarden.auth.Principals;
import dev.cachewarden.auth.RootCredentials;
import dev.cachewarden.protocol.sigv4.SigV4Verifier;
import dev.cachewarden.service.ServiceSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the API's guard from the configuration: root pair, principals file, SigV4 verifier, authorizer. */
final class ApiSecurity {
    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    private ApiSecurity() {}

    static ApiAuth create(ServerConfig config, ServiceSettings settings, PrintStream out) throws IOException {
        ServerConfig.Security security = config.security();
        Authorizer authorizer = new Authorizer(settings);
        if (security.noAuth()) {
            String warning = "WARNING: --no-auth is set: the API accepts ANY caller, signed or not, as the root "
                    + "principal. Anyone who can reach " + config.bind() + ":" + config.port()
                    + " can change every user and user group. Use it for throwaway setups only.";
            System.err.println("*".repeat(100) + "\n" + warning + "\n" + "*".repeat(100));
            log.warn(warning);
            Principal root = new Principal("root", Principals.rootArn(config.accountId()), "no-auth", "", null);
            return new ApiAuth(true, null, null, authorizer, root);
        }
        boolean keepsFiles = !config.inMemory() && config.dataDir() != null;
        boolean configured = config.accessKeyId() != null && !config.accessKeyId().isBlank();
        if (config.databaseUrl() != null && !configured) {
            log.warn("Instances sharing {} each keep their own root pair in their data dir; set "
                    + "CACHEWARDEN_ACCESS_KEY_ID and CACHEWARDEN_SECRET_ACCESS_KEY alike on every instance",
                    "the PostgreSQL database");
        }
        RootCredentials.KeyPair root = RootCredentials.resolve(config.accessKeyId(), config.secretAccessKey(),
                keepsFiles ? config.dataDir() : null, out);
        List<Principal> others = security.principalsFile() == null ? List.of()
                : Principals.load(security.principalsFile(), config.accountId());
        Principals principals = Principals.of(config.accountId(), root, others);
        log.info("API requests must be signed (SigV4, region {}, service {}); {} principal(s): root{}",
                config.region(), SigV4Verifier.SERVICE, principals.size(),
                others.isEmpty() ? "" : " and those of " + security.principalsFile());
        SigV4Verifier verifier = new SigV4Verifier(config.region(), principals, settings.clock());
        return new ApiAuth(false, principals, verifier, authorizer,
                principals.byAccessKey(root.accessKeyId()).orElseThrow());
    }
}
